import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/host/cli/program';
import { DurableTestEnvironment } from '../../src/testing';
import { tempDir } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';
import { type BuiltApp, VERIFY_APP_HISTORIES, buildVerifyApp, lineOf, replaceOnce } from '../support/verifyApp';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `durable-host` as a user would, from the given folder. */
function cli(args: string[], cwd = APP_ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(APP_ROOT, 'dist', 'src', 'host', 'cli.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('durable-host verify and instances export', () => {
  let base: BuiltApp;
  let renamed: BuiltApp;
  const scratch = tempDir('verify-cli-');

  beforeAll(() => {
    base = buildVerifyApp();
    renamed = buildVerifyApp({ 'functions/orders.ts': replaceOnce("'ValidateOrder'", "'CheckOrder'") });
  });

  afterAll(() => {
    base.remove();
    renamed.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('history files: exit 0 when every instance replays, with a line per instance', async () => {
    const result = await cli(['verify', '--histories', VERIFY_APP_HISTORIES, '--script-root', base.root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {8}order-waiting {2}OrderWorkflow {2}\(Running, \d+ events, 2 calls replayed\)$/m);
    expect(result.stdout).toContain('6 instances: 6 ok, 0 diverged, 0 could not be replayed.');
  });

  test('exit 1 when one diverges; the report names position and the TypeScript line through the source maps', async () => {
    const result = await cli(['verify', '--histories', VERIFY_APP_HISTORIES, '--script-root', renamed.root]);
    expect(result.code).toBe(1);
    const line = lineOf(renamed.source('functions/orders.ts'), "'CheckOrder'");
    expect(result.stdout).toMatch(/^DIVERGED {2}order-waiting {2}OrderWorkflow/m);
    expect(result.stdout).toContain(
      `at position 0 the history has TaskScheduled 'ValidateOrder', but the orchestrator now schedules CallActivity 'CheckOrder' at ${renamed.sourcePath('functions/orders.ts')}:${line}:`,
    );
    expect(result.stdout).toContain('6 instances: 5 ok, 1 diverged, 0 could not be replayed.');
  });

  test('--json gives the structured report', async () => {
    const result = await cli(['verify', '--histories', VERIFY_APP_HISTORIES, '--script-root', renamed.root, '--instance', 'order-waiting', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: 0, diverged: 1, errors: 0 });
    expect(report.instances).toHaveLength(1);
    expect(report.instances[0]).toMatchObject({
      instanceId: 'order-waiting',
      outcome: 'diverged',
      divergence: {
        position: 0,
        historyIndex: 2,
        recorded: { kind: 'TaskScheduled', name: 'ValidateOrder' },
        current: { kind: 'CallActivity', name: 'CheckOrder' },
        callSite: { at: { file: renamed.sourcePath('functions/orders.ts'), line: lineOf(renamed.source('functions/orders.ts'), "'CheckOrder'") } },
      },
    });
  });

  test.each([
    [['--histories', 'x', '--data', 'y'], 'Give one source of histories, not --data and --histories.'],
    [['--status', 'Sleeping'], "'Sleeping' is not a runtime status"],
    [['--status', ','], '--status needs at least one status.'],
    [['--task-hub', 'Hub'], '--task-hub goes with --azure-storage.'],
    [['--azure-storage', 'NO_SUCH_SETTING_FOR_VERIFY'], "no app setting or variable 'NO_SUCH_SETTING_FOR_VERIFY' is set"],
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--histories', 'no/such/folder'], `No such file or folder: ${path.resolve('no/such/folder')}`],
  ])('bad arguments exit 2 with a message: %j', async (args, message) => {
    let stderr = '';
    const context = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, env: process.env, exitCode: 0 };
    const code = await runCli(['verify', ...args, '--script-root', base.root], context);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('the command itself exits 2 on a bad argument, without a stack', async () => {
    const result = await cli(['verify', '--status', 'Sleeping']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("'Sleeping' is not a runtime status (Pending, Running, Completed, ContinuedAsNew, Failed, Terminated, Suspended).\n");
  });

  test('a folder that is no function app, and a file that is no history file, are reported', async () => {
    const notApp = await cli(['verify', '--histories', VERIFY_APP_HISTORIES, '--script-root', scratch]);
    expect(notApp.code).toBe(2);
    expect(notApp.stderr).toContain('No host.json in');
    const stray = path.join(scratch, 'stray.json');
    fs.writeFileSync(stray, '{"hello": "world"}');
    const result = await cli(['verify', '--histories', stray, '--script-root', base.root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('is not a history file: "format" must be "durable-history"');
  });

  describe('on the local store of a running host', () => {
    let env: DurableTestEnvironment;
    const dataDir = path.join(scratch, 'data');

    beforeAll(async () => {
      env = await DurableTestEnvironment.create({ scriptRoot: base.root, dataDir });
      await env.start('OrderWorkflow', { orderId: 'o-2', amount: 50_000 }, { instanceId: 'big-order' });
      await env.start('OrderWorkflow', { orderId: 'o-3', amount: 10 }, { instanceId: 'small-order' });
      await env.start('ShipOrder', 'o-4', { instanceId: 'ship-2' });
      await env.runUntilIdle();
      expect(env.getStatus('small-order')?.runtimeStatus).toBe('Completed');
    });

    afterAll(async () => {
      await env?.dispose();
    });

    test('reads the store beside the host that holds it, Running, Pending and Suspended instances by default', async () => {
      const ok = await cli(['verify', '--data', dataDir, '--script-root', base.root]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`from ${path.join(dataDir, 'VerifyHub.sqlite')}`);
      expect(ok.stdout.match(/^ok .*$/gm)?.map((l) => l.split(/\s+/)[1]).sort()).toEqual(['big-order', 'ship-2', 'ship-2-shipment']);

      const changed = await cli(['verify', '--data', dataDir, '--script-root', renamed.root, '--status', 'Running,completed']);
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/^DIVERGED {2}big-order /m);
      expect(changed.stdout).toMatch(/^DIVERGED {2}small-order /m);
      expect(changed.stdout).toContain('4 instances: 2 ok, 2 diverged');
    });

    test('instances export writes a history file that verify reads', async () => {
      const out = path.join(scratch, 'exported', 'big-order.json');
      const exported = await cli(['instances', 'export', 'big-order', '--data', dataDir, '--script-root', base.root, '--out', out]);
      expect(exported.code).toBe(0);
      const file = JSON.parse(fs.readFileSync(out, 'utf8'));
      expect(file).toMatchObject({ format: 'durable-history', version: 1, instanceId: 'big-order', name: 'OrderWorkflow', runtimeStatus: 'Running' });
      expect(file.history.map((e: { EventType: number }) => e.EventType)).toEqual(env.getHistory('big-order').map((e) => e.EventType));

      expect((await cli(['verify', '--histories', out, '--script-root', base.root])).code).toBe(0);
      expect((await cli(['verify', '--histories', out, '--script-root', renamed.root])).code).toBe(1);

      const toStdout = await cli(['instances', 'export', 'ship-2', '--data', dataDir, '--script-root', base.root]);
      expect(JSON.parse(toStdout.stdout)).toMatchObject({ instanceId: 'ship-2', name: 'ShipOrder' });
    });

    test('instances export of an unknown id exits 1; without an id, 2', async () => {
      const unknown = await cli(['instances', 'export', 'nobody', '--data', dataDir, '--script-root', base.root]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("No instance with ID 'nobody' in the store.");
      expect((await cli(['instances', 'export', '--data', dataDir])).code).toBe(2);
    });
  });
});
