import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../support/paths';
import { type HostProcess, eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'watch-app');

/** A copy of the fixture app to edit, with the project's packages, built once. */
function copyApp(): string {
  const root = tempDir('e2e-watch-app-');
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(root, 'functions'));
  fs.copyFileSync(path.join(root, 'src', 'app.js'), path.join(root, 'functions', 'app.js'));
  return root;
}

describe('durable-host start --watch', () => {
  let root: string;
  let host: HostProcess;
  let hooks: string;
  const source = () => path.join(root, 'src', 'app.js');
  const edit = (from: string, to: string) => fs.writeFileSync(source(), fs.readFileSync(source(), 'utf8').replace(from, to));
  const reloads = () => (host.output().match(/\[watch\] Reloaded the app/g) ?? []).length;
  const nextReload = async (before: number) => eventually(async () => (reloads() > before ? true : undefined), 20_000, 'the reload');
  const start = async (id: string) => {
    expect((await request(`${hooks}/orchestrators/Greet/${id}`, { method: 'POST', body: '' })).status).toBe(202);
    await eventually(async () => ((await request(`${hooks}/instances/${id}?showHistory=true`)).body?.historyEvents?.some((e: { EventType: string }) => e.EventType === 'TaskCompleted') ? true : undefined));
  };

  beforeAll(async () => {
    root = copyApp();
    host = await startHostProcess({ dataDir: path.join(root, '.durable'), scriptRoot: root, args: ['--watch'] });
    hooks = `${host.url}/runtime/webhooks/durabletask`;
    await eventually(async () => (host.output().includes('[watch] Watching') ? true : undefined));
  });
  afterAll(async () => {
    await host?.stop();
  });

  test('a change to an activity is built and loaded on the same port; a waiting orchestration goes on with the new code', async () => {
    await start('w-1');
    const before = reloads();
    edit('`v1:${text}`', '`v2:${text}`');
    await nextReload(before);
    expect((await request(`${hooks}/instances/w-1/raiseEvent/go`, { method: 'POST', body: '"b"' })).status).toBe(202);
    const done = await waitForRuntimeStatus(host.url, 'w-1', ['Completed']);
    expect(done.body.output).toEqual(['v1:a', 'v2:b']);
  });

  test('a function added to the sources is served after the reload', async () => {
    const before = reloads();
    fs.appendFileSync(source(), "\napp.http('Added', { route: 'added', methods: ['GET'], authLevel: 'anonymous', handler: () => ({ body: 'new' }) });\n");
    await nextReload(before);
    expect(host.output()).toMatch(/Reloaded the app: \d+ functions \(added Added\)/);
    expect((await request(`${host.url}/api/added`)).text).toBe('new');
  });

  test('a change that breaks the replay of an orchestration in flight is named, with the instance, before it is loaded', async () => {
    await start('w-2');
    const before = reloads();
    edit("context.df.callActivity('Word', 'a')", "context.df.callActivity('Other', 'a')");
    await nextReload(before);
    expect(host.output()).toMatch(/\[watch\] Warning: the new code breaks the replay of 1 orchestration in flight/);
    expect(host.output()).toMatch(/w-2 \(Greet\): .*Word/);
  });

  test('a build that fails leaves the running code serving', async () => {
    const failures = (host.output().match(/The build failed/g) ?? []).length;
    fs.appendFileSync(source(), '\n// BUILD ERROR\n');
    await eventually(async () => ((host.output().match(/The build failed/g) ?? []).length > failures ? true : undefined), 20_000, 'the failed build');
    expect((await request(`${host.url}/api/version`)).text).toBe('v1');
    expect((await request(`${host.url}/admin/host/status`)).status).toBe(200);
  });
});
