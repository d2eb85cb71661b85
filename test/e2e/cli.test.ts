import http from 'node:http';
import net from 'node:net';
import { type CliRun, runCli, startCli } from '../support/cliProcess';
import { type HostProcess, eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { SAMPLES_APP } from '../support/samplesApp';

// Every subcommand of durable-host, run as a user runs it, against a real host in a child process.

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The status of a GET that names another host in its Host header (fetch would not send it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** No stack trace ever reaches the user. */
function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
}

describe('durable-host instances and entities, against a running host', () => {
  let host: HostProcess;
  let url: string[];
  const cli = (...args: string[]) => runCli([...args, ...url]);

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('cli-'), scriptRoot: SAMPLES_APP });
    url = ['--url', host.url];
  });

  afterAll(async () => {
    expect(await host.stop()).toBe(0);
  });

  test('the host prints the dashboard URL at start', () => {
    expect(host.output()).toContain(`Dashboard: ${host.url}/runtime/webhooks/durabletask/dashboard/\n`);
  });

  test('instances start, then show: the status with input and output, and with --history the events in a table', async () => {
    const started = await cli('instances', 'start', 'HelloSequence', '--id', 'cli-hello', '--input', '{"from":"cli"}');
    expect(started).toMatchObject({ code: 0, stderr: '' });
    expect(started.stdout).toContain('Started HelloSequence: instance cli-hello.');
    await waitForRuntimeStatus(host.url, 'cli-hello', ['Completed']);

    const shown = await cli('instances', 'show', 'cli-hello');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Instance: +cli-hello$/m);
    expect(shown.stdout).toMatch(/^Name: +HelloSequence$/m);
    expect(shown.stdout).toMatch(/^Status: +Completed$/m);
    expect(shown.stdout).toMatch(/^Created: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.+\)$/m);
    expect(shown.stdout).toMatch(/^Input: +\{\n +"from": "cli"\n +\}$/m);
    expect(shown.stdout).toContain('"Hello Tokyo!"');
    expect(shown.stdout).not.toContain('History:');

    const history = await cli('instances', 'show', 'cli-hello', '--history');
    const lines = history.stdout.split('History:\n')[1].trim().split('\n');
    expect(lines[0]).toMatch(/^AT +EVENT +NAME +ID +DETAILS$/);
    // The extension's condensed history: each completion stands for its scheduling event.
    expect(lines.map((l) => l.split(/\s{2,}/)[1])).toEqual(['EVENT', 'ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
    // A completion carries the name of the activity it completes.
    expect(lines[2]).toMatch(/TaskCompleted +SayHello +.*result Hello Tokyo!/);

    const json = await cli('instances', 'show', 'cli-hello', '--history', '--json');
    const body = JSON.parse(json.stdout);
    expect(body).toMatchObject({ instanceId: 'cli-hello', runtimeStatus: 'Completed', input: { from: 'cli' }, output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
    expect(body.historyEvents.map((e: { EventType: string }) => e.EventType)).toContain('ExecutionCompleted');
    expect(JSON.parse((await cli('instances', 'start', 'HelloSequence', '--json')).stdout)).toMatchObject({ id: expect.any(String), statusQueryGetUri: expect.stringContaining('/runtime/webhooks/durabletask/instances/') });
  });

  test('unknown ids and names, and operations the instance refuses, exit with 1 and the API message', async () => {
    // The API's own message is printed (its wording is the API's; the CLI adds the status).
    const cases: [string[], RegExp][] = [
      [['instances', 'show', 'no-such-instance'], /^error: .*'no-such-instance'.* \(HTTP 404\)\n$/],
      [['instances', 'terminate', 'no-such-instance'], /^error: .*'no-such-instance'.* \(HTTP 404\)\n$/],
      [['instances', 'raise', 'no-such-instance', 'Go'], /^error: .*'no-such-instance'.* \(HTTP 404\)\n$/],
      [['instances', 'start', 'NoSuchOrchestrator'], /^error: .*'NoSuchOrchestrator'.* \(HTTP 400\)\n$/],
      [['instances', 'purge', 'no-such-instance'], /^error: .*'no-such-instance'.* \(HTTP 404\)\n$/],
      [['instances', 'rewind', 'cli-hello'], /^error: .*'cli-hello'.* \(HTTP 410\)\n$/],
      [['instances', 'raise', 'cli-hello', 'Go'], /^error: .*'cli-hello'.* \(HTTP 410\)\n$/],
      [['entities', 'show', 'SampleCounter', 'never-signalled'], /^error: .*never-signalled.* \(HTTP 404\)\n$/],
      [['entities', 'signal', 'NoSuchEntity', 'k', 'add'], /^error: .*NoSuchEntity.* \(HTTP 400\)\n$/i],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(run.stderr).toMatch(message);
      expectNoStack(run);
    }
    const closed = await closedPort();
    const refused = await runCli(['instances', 'list', '--url', `http://127.0.0.1:${closed}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Could not reach http://127.0.0.1:${closed} (ECONNREFUSED)`);
  });

  test('bad arguments exit with 2, a clear message and the usage, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['instances', 'start', 'HelloSequence', '--input', '{not json'], /option '--input <json>' argument '\{not json' is invalid\. It is not JSON/],
      [['instances', 'raise', 'x', 'Go', '--data', 'approved'], /It is not JSON .*A string needs JSON quotes: '"approved"'/],
      [['entities', 'signal', 'SampleCounter', 'c', 'add', '--input', '1,2'], /argument '1,2' is invalid\. It is not JSON/],
      [['instances', 'list', '--status', 'Running,Sleeping'], /'Sleeping' is not a runtime status; use Pending, Running/],
      [['instances', 'list', '--created-after', 'yesterday'], /Give an ISO 8601 date or time/],
      [['instances', 'list', '--top', '0'], /It must be a whole number of 1 or more/],
      [['instances', 'list', '--url', 'ftp://example'], /It must start with http:\/\/ or https:\/\//],
      [['instances', 'show'], /missing required argument 'id'/],
      [['instances', 'purge'], /Give an instance id, or at least one of --status/],
      [['instances', 'purge', 'x', '--status', 'Completed'], /Give an instance id or filters, not both/],
      [['instances', 'list', '--bogus'], /unknown option '--bogus'/],
      [['instances', 'wobble'], /unknown command 'wobble'/],
      [['dashboard', '--port', 'http'], /It must be a port number/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/Usage: durable-host /);
      expectNoStack(run);
    }
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: durable-host \[options\] \[command\]/);
    const help = await runCli(['instances', 'list', '--help']);
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toMatch(/--created-before <time>/);
  });

  test('instances list: aligned columns, filters by status, name, id prefix and creation time, and --top across pages', async () => {
    for (let i = 0; i < 3; i++) expect((await cli('instances', 'start', 'WaitForEvent', '--id', `cli-list-wait-${i}`)).code).toBe(0);
    expect((await cli('instances', 'start', 'HelloSequence', '--id', 'cli-list-hello')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-list-hello', ['Completed']);
    await waitForRuntimeStatus(host.url, 'cli-list-wait-2', ['Running']);

    const list = await cli('instances', 'list', '--prefix', 'cli-list-');
    expect(list.code).toBe(0);
    const [header, ...rest] = list.stdout.trim().split('\n');
    expect(header).toMatch(/^INSTANCE +NAME +STATUS +CREATED +LAST UPDATED$/);
    const rows = rest.slice(0, 4);
    expect(rows.map((r) => r.split(/\s{2,}/)[0]).sort()).toEqual(['cli-list-hello', 'cli-list-wait-0', 'cli-list-wait-1', 'cli-list-wait-2']);
    // Aligned: every row's status starts in the header's STATUS column.
    for (const row of rows) expect(row.slice(header.indexOf('STATUS')).split(' ')[0]).toMatch(/^(Running|Completed)$/);
    expect(list.stdout).toMatch(/4 instances: (3 Running, 1 Completed|1 Completed, 3 Running)\.\n$/);

    const running = JSON.parse((await cli('instances', 'list', '--prefix', 'cli-list-', '--status', 'running', '--json')).stdout);
    expect(running.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual(['cli-list-wait-0', 'cli-list-wait-1', 'cli-list-wait-2']);
    const named = JSON.parse((await cli('instances', 'list', '--name', 'hellosequence', '--prefix', 'cli-list-', '--json')).stdout);
    expect(named.map((i: { instanceId: string }) => i.instanceId)).toEqual(['cli-list-hello']);
    const top = await cli('instances', 'list', '--prefix', 'cli-list-', '--top', '2');
    expect(top.stdout).toMatch(/2 instances: .*\. More match: pass --top 4 to see more\.\n$/);
    expect(JSON.parse((await cli('instances', 'list', '--created-after', '1h', '--prefix', 'cli-list-', '--json')).stdout)).toHaveLength(4);
    expect(JSON.parse((await cli('instances', 'list', '--created-before', '2000-01-01', '--json')).stdout)).toEqual([]);
    expect((await cli('instances', 'list', '--prefix', 'nothing-like-this')).stdout).toBe('No instance matches.\n');
  });

  test('instances raise delivers the event with its data and the instance completes', async () => {
    expect((await cli('instances', 'start', 'WaitForEvent', '--id', 'cli-raise')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-raise', ['Running']);
    const raised = await cli('instances', 'raise', 'cli-raise', 'Go', '--data', '{"approved":true}');
    expect(raised).toMatchObject({ code: 0, stdout: "Raised 'Go' on cli-raise (accepted).\n" });
    const done = await waitForRuntimeStatus(host.url, 'cli-raise', ['Completed']);
    expect(done.body.output).toEqual({ received: { approved: true } });
  });

  test('suspend, resume and terminate change the status; rewind runs a failed instance again; restart starts a new one', async () => {
    expect((await cli('instances', 'start', 'WaitForEvent', '--id', 'cli-steer')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-steer', ['Running']);
    expect((await cli('instances', 'suspend', 'cli-steer', '--reason', 'lunch')).stdout).toBe('Suspending cli-steer (accepted).\n');
    await waitForRuntimeStatus(host.url, 'cli-steer', ['Suspended']);
    expect((await cli('instances', 'resume', 'cli-steer')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-steer', ['Running']);
    expect(JSON.parse((await cli('instances', 'terminate', 'cli-steer', '--reason', 'done with it', '--json')).stdout)).toEqual({ instanceId: 'cli-steer', operation: 'terminate', accepted: true });
    const terminated = await waitForRuntimeStatus(host.url, 'cli-steer', ['Terminated']);
    expect(terminated.body.output).toBe('done with it');

    expect((await cli('instances', 'start', 'RewindMe', '--id', 'cli-rewind', '--input', '"cli-rewind-key"')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-rewind', ['Failed']);
    const failed = await cli('instances', 'show', 'cli-rewind');
    expect(failed.stdout).toMatch(/^Failure: +Orchestrator function 'RewindMe' failed: Activity function 'FailOnce' failed: first run of cli-rewind-key fails$/m);
    expect(failed.stdout).toMatch(/^Details: +Error: first run of cli-rewind-key fails$/m);
    expect((await cli('instances', 'rewind', 'cli-rewind')).stdout).toBe('Rewinding cli-rewind (accepted).\n');
    const rewound = await waitForRuntimeStatus(host.url, 'cli-rewind', ['Completed']);
    expect(rewound.body.output).toEqual(['Hello before!', 'second run of cli-rewind-key succeeds']);

    const restarted = await cli('instances', 'restart', 'cli-rewind');
    const newId = /^Restarted cli-rewind as (\S+)\.$/m.exec(restarted.stdout)?.[1];
    expect(newId).toBeDefined();
    expect(newId).not.toBe('cli-rewind');
    const again = await waitForRuntimeStatus(host.url, newId!, ['Completed', 'Failed']);
    expect(again.body).toMatchObject({ name: 'RewindMe', input: 'cli-rewind-key' });
    const same = JSON.parse((await cli('instances', 'restart', 'cli-rewind', '--same-id', '--json')).stdout);
    expect(same.id).toBe('cli-rewind');
    await eventually(async () => {
      const res = await request(`${host.url}/runtime/webhooks/durabletask/instances/cli-rewind`);
      return res.body.runtimeStatus === 'Completed' && res.body.createdTime !== rewound.body.createdTime ? res : undefined;
    });
  });

  test('instances purge deletes one instance by id (a running one too, as Azure Storage does), or all finished ones that match the filters', async () => {
    expect((await cli('instances', 'start', 'HelloSequence', '--id', 'cli-purge-1')).code).toBe(0);
    expect((await cli('instances', 'start', 'WaitForEvent', '--id', 'cli-purge-running')).code).toBe(0);
    await waitForRuntimeStatus(host.url, 'cli-purge-1', ['Completed']);
    expect((await cli('instances', 'purge', 'cli-purge-1')).stdout).toBe('Purged 1 instance.\n');
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances/cli-purge-1`)).status).toBe(404);
    expect((await cli('instances', 'purge', 'cli-purge-running')).stdout).toBe('Purged 1 instance.\n');
    expect((await request(`${host.url}/runtime/webhooks/durabletask/instances/cli-purge-running`)).status).toBe(404);

    const purged = JSON.parse((await cli('instances', 'purge', '--status', 'Completed,Terminated', '--created-after', '1h', '--json')).stdout);
    expect(purged.instancesDeleted).toBeGreaterThan(0);
    expect(JSON.parse((await cli('instances', 'list', '--status', 'Completed', '--json')).stdout)).toEqual([]);
    expect((await cli('instances', 'purge', '--status', 'Completed')).code).toBe(1);
  });

  test('entities signal, list and show', async () => {
    const signalled = await cli('entities', 'signal', 'SampleCounter', 'cli-c', 'add', '--input', '7');
    expect(signalled).toMatchObject({ code: 0, stdout: "Signalled 'add' to SampleCounter/cli-c (accepted).\n" });
    await eventually(async () => ((await cli('entities', 'show', 'SampleCounter', 'cli-c')).stdout === '7\n' ? true : undefined), 10_000, 'the counter to be 7');
    expect((await cli('entities', 'signal', 'SampleCounter', 'cli-c', 'add', '--input', '3', '--json')).code).toBe(0);
    await eventually(async () => (JSON.parse((await cli('entities', 'show', 'SampleCounter', 'cli-c', '--json')).stdout) === 10 ? true : undefined), 10_000, 'the counter to be 10');

    const list = await cli('entities', 'list', '--name', 'SampleCounter');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ENTITY +KEY +LAST OPERATION +STATE$/m);
    expect(list.stdout).toMatch(/^samplecounter +cli-c +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.+\) +10$/m);
    const json = JSON.parse((await cli('entities', 'list', '--json')).stdout);
    expect(json).toContainEqual({ entityId: { name: 'samplecounter', key: 'cli-c' }, lastOperationTime: expect.any(String), state: 10 });
    expect((await cli('entities', 'list', '--name', 'NobodyHere')).stdout).toBe('No entity matches.\n');
  });
});

describe('durable-host with keys (--enable-auth) and the dashboard', () => {
  const KEY = 'cli-durable-task-key';
  let host: HostProcess;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('cli-auth-'), scriptRoot: SAMPLES_APP, args: ['--enable-auth'], env: { FUNCTIONS_DURABLETASK_KEY: KEY, FUNCTIONS_MASTER_KEY: 'cli-master-key' } });
  });

  afterAll(async () => {
    expect(await host.stop()).toBe(0);
  });

  test('the key comes from --key or DURABLE_HOST_KEY; without it the command says which key is needed', async () => {
    const without = await runCli(['instances', 'list', '--url', host.url]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/HTTP 401\)?.*Pass the durable-task key \(or the master key\) with --key or DURABLE_HOST_KEY/);
    expect((await runCli(['instances', 'start', 'HelloSequence', '--id', 'keyed', '--url', host.url, '--key', KEY])).code).toBe(0);
    const fromEnv = await runCli(['instances', 'show', 'keyed', '--url', host.url], { DURABLE_HOST_KEY: KEY });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^Name: +HelloSequence$/m);
    expect((await runCli(['instances', 'list', '--url', host.url, '--key', 'wrong'])).code).toBe(1);
  });

  test('the host serves the dashboard behind the durable-task key, from files, with its own links', async () => {
    const page = `${host.url}/runtime/webhooks/durabletask/dashboard`;
    expect((await request(`${page}/`)).status).toBe(401);
    const redirect = await fetch(`${page}?code=${KEY}`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`dashboard/?code=${KEY}`);
    const html = await request(`${page}/?code=${KEY}`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('<div id="app">');
    const script = await request(`${page}/app.js`, { headers: { 'x-functions-key': KEY } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Bundled: no import of anything from elsewhere, no CDN.
    expect(script.text).not.toMatch(/\bimport\s*\(|https?:\/\/(cdn|unpkg|esm\.sh)/);
    expect((await request(`${page}/styles.css?code=${KEY}`)).status).toBe(200);
    expect((await request(`${page}/..%2Fcli.js?code=${KEY}`)).status).toBe(404);
    expect((await request(`${page}/nothing.js?code=${KEY}`)).status).toBe(404);
    expect((await request(`${page}/app.js?code=${KEY}`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  test('durable-host dashboard serves the page and forwards its calls to the app with the key; a wrong key is refused at once', async () => {
    const wrong = await runCli(['dashboard', '--url', host.url, '--key', 'wrong', '--port', '0']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/HTTP 401/);

    const dashboard = await startCli(['dashboard', '--url', host.url, '--port', '0'], /: (http:\/\/127\.0\.0\.1:\d+)\/runtime\/webhooks\/durabletask\/dashboard\/\n/, { DURABLE_HOST_KEY: KEY });
    try {
      const local = dashboard.match[1];
      expect(dashboard.output()).toContain(`Dashboard for ${host.url}: ${local}/runtime/webhooks/durabletask/dashboard/`);
      const root = await fetch(`${local}/`, { redirect: 'manual' });
      expect(root.headers.get('location')).toBe('/runtime/webhooks/durabletask/dashboard/');
      expect((await request(`${local}/runtime/webhooks/durabletask/dashboard/`)).text).toContain('<div id="app">');
      // No key in the browser's calls: the local server adds it.
      const started = await request(`${local}/runtime/webhooks/durabletask/orchestrators/HelloSequence/via-dashboard`, { body: { n: 1 } });
      expect(started.status).toBe(202);
      const done = await eventually(async () => {
        const res = await request(`${local}/runtime/webhooks/durabletask/instances/via-dashboard`);
        return res.body?.runtimeStatus === 'Completed' ? res : undefined;
      });
      expect(done.body.input).toEqual({ n: 1 });
      expect((await request(`${local}/runtime/webhooks/durabletask/orchestrators/HelloSequence/via-dashboard-2`, { method: 'POST' })).status).toBe(202);
      const page = await request(`${local}/runtime/webhooks/durabletask/instances?top=1`);
      expect(page.status).toBe(200);
      expect(page.headers.get('x-ms-continuation-token')).toBeTruthy();
      const next = await request(`${local}/runtime/webhooks/durabletask/instances?top=1`, { headers: { 'x-ms-continuation-token': page.headers.get('x-ms-continuation-token')! } });
      expect(next.body[0].instanceId).not.toBe(page.body[0].instanceId);
      // The functions list needs the master key, and the durable-task key is not that.
      expect((await request(`${local}/admin/functions`)).status).toBe(401);
      expect((await request(`${local}/api/secured/ping`)).status).toBe(404);
      // A page from another name that resolves here (DNS rebinding) gets nothing.
      expect(await statusWithHost(`${local}/runtime/webhooks/durabletask/instances`, 'evil.example')).toBe(421);
    } finally {
      expect(await dashboard.stop()).toBe(0);
    }
  });
});
