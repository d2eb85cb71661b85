import { spawn } from 'node:child_process';
import path from 'node:path';
import { EventType } from '../../src/host/durable/model/history';
import { readHistoryFile } from '../../src/host/verify/HistoryFile';
import type { InstanceVerdict } from '../../src/host/verify/ReplayVerifier';
import { runVerify } from '../../src/host/verify/runVerify';
import { type TestAzurite, startTestAzurite } from '../support/azurite';
import { APP_ROOT } from '../support/paths';
import { TaskHubTables } from '../support/taskHubTables';
import { type BuiltApp, VERIFY_APP_HISTORIES, buildVerifyApp, replaceOnce } from '../support/verifyApp';

const HUB = 'DeployedHub';
const RECORDED = ['fanout-cooling', 'order-waiting', 'reliable-done', 'reliable-retrying', 'ship-1', 'ship-1-shipment'];
const ODD_ID = 'order/with#odd?chars^';

const history = (id: string) => readHistoryFile(path.join(VERIFY_APP_HISTORIES, `${id}.json`));

function outcomes(instances: InstanceVerdict[]): Record<string, string> {
  return Object.fromEntries(instances.map((i) => [i.instanceId, i.outcome]));
}

describe("verify on an Azure Storage task hub's tables (Azurite)", () => {
  let azurite: TestAzurite;
  let base: BuiltApp;
  let renamed: BuiltApp;

  beforeAll(async () => {
    azurite = await startTestAzurite();
    base = buildVerifyApp();
    renamed = buildVerifyApp({ 'functions/orders.ts': replaceOnce("'ValidateOrder'", "'CheckOrder'") });
    const tables = new TaskHubTables(azurite.connectionString, HUB);
    await tables.create();
    // The recorded histories as the Azure Storage provider keeps them: no host bookkeeping, retries read from the events.
    for (const id of RECORDED) await tables.write(history(id));
    await tables.write(history('order-waiting'), { instanceId: ODD_ID });
    // A continue-as-new rewrote rows from 0 and left a longer, older execution's rows behind.
    const fanout = history('fanout-cooling');
    const stale = Array.from({ length: 3 }, (_, i) => ({
      rowKey: TaskHubTables.rowKey(fanout.history.length + i),
      ExecutionId: 'older-execution',
      ...TaskHubTables.eventProperties({ EventType: EventType.TaskScheduled, EventId: 90 + i, IsPlayed: true, Timestamp: '2025-12-31T00:00:00.0000000Z', Name: 'LeftOver' }, 'fanout-cooling', 'older-execution'),
    }));
    await tables.write(fanout, { extraRows: stale });
    // An input too large for a row lives in a blob.
    await tables.write(history('order-waiting'), {
      instanceId: 'large-input',
      eventEdits: (row) => {
        if (row.EventType === 'ExecutionStarted') Object.assign(row, { Input: '', InputBlobName: 'large-input/history-0000000000000001-ExecutionStarted-Input.json.gz' });
      },
    });
    // An entity is an instance too on this provider; it has no orchestrator to replay.
    await tables.write({ ...history('order-waiting'), name: '@counter@hits' }, { instanceId: '@counter@hits' });
  });

  afterAll(async () => {
    base?.remove();
    renamed?.remove();
    await azurite?.stop();
  });

  const fromHub = (hubName = HUB) => ({ kind: 'taskHub' as const, connectionString: azurite.connectionString, hubName });

  test('every history replays against the unchanged build; a large message is refused by name; entities are left out', async () => {
    const result = await runVerify({ scriptRoot: base.root, from: fromHub(), statuses: ['Running', 'Completed'] });
    const instances = result.report!.instances;
    expect(outcomes(instances)).toEqual({
      ...Object.fromEntries(RECORDED.map((id) => [id, 'ok'])),
      [ODD_ID]: 'ok',
      'large-input': 'error',
    });
    expect(instances.find((i) => i.instanceId === 'reliable-done')!.calls).toBe(1);
    expect(instances.find((i) => i.instanceId === 'fanout-cooling')!.events).toBe(history('fanout-cooling').history.length);
    expect(instances.find((i) => i.instanceId === 'large-input')!.message).toBe(
      "Its history cannot be read: event 1 (ExecutionStarted) keeps its Input in the blob 'large-input/history-0000000000000001-ExecutionStarted-Input.json.gz' (a large message); verify does not read large messages.",
    );
    expect(result.exitCode).toBe(1);
  });

  test('by default only instances that will replay again (Running, Pending, Suspended), and --instance picks by id', async () => {
    const all = await runVerify({ scriptRoot: base.root, from: fromHub() });
    expect(Object.keys(outcomes(all.report!.instances)).sort()).toEqual([...RECORDED.filter((id) => id !== 'reliable-done'), 'large-input', ODD_ID].sort());
    const picked = await runVerify({ scriptRoot: base.root, from: fromHub(), instanceIds: [ODD_ID, 'ship-1'] });
    expect(outcomes(picked.report!.instances)).toEqual({ [ODD_ID]: 'ok', 'ship-1': 'ok' });
    expect(picked.exitCode).toBe(0);
  });

  test('a changed build diverges on the instances it would break, naming position and line', async () => {
    const result = await runVerify({ scriptRoot: renamed.root, from: fromHub(), instanceIds: ['order-waiting', ODD_ID, 'ship-1'] });
    expect(outcomes(result.report!.instances)).toEqual({ 'order-waiting': 'diverged', [ODD_ID]: 'diverged', 'ship-1': 'ok' });
    expect(result.report!.instances[0].divergence).toMatchObject({
      position: 0,
      recorded: { kind: 'TaskScheduled', name: 'ValidateOrder' },
      current: { kind: 'CallActivity', name: 'CheckOrder' },
      callSite: { at: { file: renamed.sourcePath('functions/orders.ts') } },
    });
    expect(result.exitCode).toBe(1);
  });

  test('a hub that is not there is a clear error (exit 2)', async () => {
    const result = await runVerify({ scriptRoot: base.root, from: fromHub('NoSuchHub') });
    expect(result).toEqual({ exitCode: 2, error: "The table NoSuchHubInstances does not exist: is 'NoSuchHub' the task hub's name (host.json extensions.durableTask.hubName)?" });
  });

  test('the command reads a task hub by connection string, or by the app setting that holds one', async () => {
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(APP_ROOT, 'dist', 'src', 'host', 'cli.js'), 'verify', '--script-root', renamed.root, ...args], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.once('exit', (code) => resolve({ code, stdout }));
      });
    const direct = await run(['--azure-storage', azurite.connectionString, '--task-hub', HUB, '--instance', 'ship-1']);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain(`from task hub ${HUB}`);
    const bySetting = await run(['--azure-storage', 'DEPLOYED_STORAGE', '--task-hub', HUB, '--instance', 'order-waiting'], { DEPLOYED_STORAGE: azurite.connectionString });
    expect(bySetting.code).toBe(1);
    expect(bySetting.stdout).toMatch(/^DIVERGED {2}order-waiting {2}OrderWorkflow/m);
  });
});
