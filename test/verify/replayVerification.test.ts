import path from 'node:path';
import { runVerify } from '../../src/host/verify/runVerify';
import type { InstanceVerdict } from '../../src/host/verify/ReplayVerifier';
import { DurableTestEnvironment } from '../../src/testing';
import { type BuiltApp, type SourceEdits, VERIFY_APP_HISTORIES, buildVerifyApp, lineOf, replaceOnce } from '../support/verifyApp';

const RECORDED = ['fanout-cooling', 'order-waiting', 'reliable-done', 'reliable-retrying', 'ship-1', 'ship-1-shipment'];

/** Runs the fixture's orchestrations into the states worth recording: in flight, mid-retry, finished. */
async function recordHistories(app: BuiltApp): Promise<void> {
  const env = await DurableTestEnvironment.create({ scriptRoot: app.root, recordHistories: VERIFY_APP_HISTORIES });
  try {
    await env.start('OrderWorkflow', { orderId: 'o-1', amount: 25_000 }, { instanceId: 'order-waiting' });
    await env.start('ReliableWork', { key: 'k-1', failures: 1 }, { instanceId: 'reliable-retrying' });
    await env.start('FanOutWork', undefined, { instanceId: 'fanout-cooling' });
    await env.start('ShipOrder', 'o-9', { instanceId: 'ship-1' });
    await env.runUntilIdle();
    expect(env.getStatus('order-waiting')?.runtimeStatus).toBe('Running');
    expect(env.getStatus('ship-1-shipment')?.runtimeStatus).toBe('Running');
    // The first attempt failed; the retry waits for its 5 s timer.
    env.recordHistory('reliable-retrying');
    await env.start('ReliableWork', { key: 'k-2', failures: 2 }, { instanceId: 'reliable-done' });
    expect(await env.waitForCompletion('reliable-done')).toMatchObject({ runtimeStatus: 'Completed', output: { attempts: 3 } });
  } finally {
    await env.dispose();
  }
}

function byId(instances: InstanceVerdict[]): Record<string, InstanceVerdict> {
  return Object.fromEntries(instances.map((i) => [i.instanceId, i]));
}

describe('replay verification of recorded histories against changed builds', () => {
  const built: BuiltApp[] = [];
  const build = (edits: SourceEdits = {}) => {
    const app = buildVerifyApp(edits);
    built.push(app);
    return app;
  };
  const verify = async (app: BuiltApp) => {
    const result = await runVerify({ scriptRoot: app.root, from: { kind: 'files', location: VERIFY_APP_HISTORIES } });
    expect(result.report).toBeDefined();
    return { exitCode: result.exitCode, instances: byId(result.report!.instances) };
  };
  const outcomes = (instances: Record<string, InstanceVerdict>) => Object.fromEntries(Object.values(instances).map((i) => [i.instanceId, i.outcome]));

  beforeAll(async () => {
    await recordHistories(build());
  });

  afterAll(() => {
    for (const app of built) app.remove();
  });

  test('the unchanged build replays every recorded history', async () => {
    const { exitCode, instances } = await verify(build());
    expect(Object.keys(instances).sort()).toEqual(RECORDED);
    expect(outcomes(instances)).toEqual(Object.fromEntries(RECORDED.map((id) => [id, 'ok'])));
    expect(exitCode).toBe(0);
    // Each replayed the calls it had recorded: validate and the timer; three attempts and their two retry timers count as one call.
    expect(instances['order-waiting'].calls).toBe(2);
    expect(instances['reliable-done'].calls).toBe(1);
    expect(instances['fanout-cooling'].calls).toBe(6);
  });

  describe('changes that break replay are found, with their position and source line', () => {
    test('two calls in another order', async () => {
      const app = build({
        'functions/fanout.ts': replaceOnce(
          "  const settings = yield context.df.callActivity('LoadSettings');\n  const items: string[] = yield context.df.callActivity('ListWork', settings);",
          "  const items: string[] = yield context.df.callActivity('ListWork', { batchSize: 3 });\n  const settings = yield context.df.callActivity('LoadSettings');\n  void settings;",
        ),
      });
      const { exitCode, instances } = await verify(app);
      expect(exitCode).toBe(1);
      expect(outcomes(instances)).toMatchObject({ 'fanout-cooling': 'diverged', 'order-waiting': 'ok', 'ship-1': 'ok', 'reliable-done': 'ok' });
      const { divergence, message } = instances['fanout-cooling'];
      expect(divergence).toMatchObject({
        position: 0,
        recorded: { kind: 'TaskScheduled', name: 'LoadSettings' },
        current: { kind: 'CallActivity', name: 'ListWork' },
        callSite: { at: { file: app.sourcePath('functions/fanout.ts'), line: lineOf(app.source('functions/fanout.ts'), "callActivity('ListWork'") } },
      });
      expect(message).toContain(`at position 0 the history has TaskScheduled 'LoadSettings', but the orchestrator now schedules CallActivity 'ListWork' at ${app.sourcePath('functions/fanout.ts')}:`);
    });

    test('a renamed activity, called through a helper: the orchestrator line is named, the helper follows', async () => {
      const app = build({ 'functions/orders.ts': replaceOnce("'ValidateOrder'", "'CheckOrder'") });
      const { instances } = await verify(app);
      expect(outcomes(instances)).toMatchObject({ 'order-waiting': 'diverged', 'fanout-cooling': 'ok' });
      const { divergence, message } = instances['order-waiting'];
      const line = lineOf(app.source('functions/orders.ts'), "'CheckOrder'");
      expect(divergence).toMatchObject({
        position: 0,
        historyIndex: 2,
        recorded: { kind: 'TaskScheduled', name: 'ValidateOrder', input: JSON.stringify({ orderId: 'o-1', amount: 25_000 }) },
        current: { kind: 'CallActivity', name: 'CheckOrder' },
        callSite: { method: 'callActivity', at: { file: app.sourcePath('functions/orders.ts'), line } },
      });
      expect(divergence!.callSite!.frames.map((f) => path.basename(f.file))).toEqual(['activityCalls.ts', 'orders.ts']);
      expect(message).toContain(`orders.ts:${line}:`);
      expect(message).toContain(`(through ${app.sourcePath('lib/activityCalls.ts')}:`);
    });

    test('a timer that fires at another time', async () => {
      const app = build({ 'functions/orders.ts': replaceOnce('72 * 3600_000', '48 * 3600_000') });
      const { instances } = await verify(app);
      expect(outcomes(instances)).toMatchObject({ 'order-waiting': 'diverged', 'ship-1': 'ok' });
      const { divergence, message } = instances['order-waiting'];
      expect(divergence).toMatchObject({
        position: 1,
        timerMoved: true,
        recorded: { kind: 'TimerCreated', fireAt: '2026-01-04T00:00:00.000Z' },
        current: { kind: 'CreateTimer', fireAt: '2026-01-03T00:00:00.000Z' },
        callSite: { method: 'createTimer', at: { line: lineOf(app.source('functions/orders.ts'), 'context.df.createTimer(') } },
      });
      expect(message).toContain('the history has TimerCreated firing at 2026-01-04T00:00:00.000Z, but the orchestrator now schedules CreateTimer firing at 2026-01-03T00:00:00.000Z');
    });

    test('a call inserted before a recorded one', async () => {
      const app = build({
        'functions/reliable.ts': replaceOnce('  const result = yield', "  yield context.df.callActivity('ValidateOrder', input);\n  const result = yield"),
      });
      const { instances } = await verify(app);
      expect(outcomes(instances)).toMatchObject({ 'reliable-retrying': 'diverged', 'reliable-done': 'diverged', 'order-waiting': 'ok' });
      for (const id of ['reliable-retrying', 'reliable-done']) {
        expect(instances[id].divergence).toMatchObject({
          position: 0,
          recorded: { kind: 'TaskScheduled', name: 'UnreliableWork' },
          current: { kind: 'CallActivity', name: 'ValidateOrder' },
          callSite: { at: { file: app.sourcePath('functions/reliable.ts'), line: lineOf(app.source('functions/reliable.ts'), "callActivity('ValidateOrder'") } },
        });
      }
    });

    test("a sub-orchestration's new name: the parent diverges, and the running child has no orchestrator any more", async () => {
      const app = build({ 'functions/shipping.ts': (s) => s.split("'ShipmentOrchestration'").join("'DeliveryOrchestration'") });
      const { instances } = await verify(app);
      expect(outcomes(instances)).toMatchObject({ 'ship-1': 'diverged', 'ship-1-shipment': 'diverged', 'fanout-cooling': 'ok' });
      expect(instances['ship-1'].divergence).toMatchObject({
        position: 0,
        recorded: { kind: 'SubOrchestrationInstanceCreated', name: 'ShipmentOrchestration', instanceId: 'ship-1-shipment' },
        current: { kind: 'CallSubOrchestrator', name: 'DeliveryOrchestration' },
        callSite: { method: 'callSubOrchestrator', at: { line: lineOf(app.source('functions/shipping.ts'), 'callSubOrchestrator(') } },
      });
      expect(instances['ship-1-shipment'].message).toBe("The app has no orchestrator function named 'ShipmentOrchestration' any more: this instance could not go on.");
    });

    test('a recorded call the code no longer makes names the last call it still makes', async () => {
      const app = build({ 'functions/shipping.ts': replaceOnce("  const parcel = yield context.df.callActivity('PackParcel', orderId);\n", '  const parcel = orderId;\n') });
      const { instances } = await verify(app);
      expect(instances['ship-1-shipment'].divergence).toMatchObject({
        position: 0,
        recorded: { kind: 'TaskScheduled', name: 'PackParcel' },
        callSiteIsPrevious: true,
        callSite: { method: 'waitForExternalEvent', at: { line: lineOf(app.source('functions/shipping.ts'), "waitForExternalEvent('Delivered')") } },
      });
      expect(instances['ship-1-shipment'].divergence!.current).toBeUndefined();
      expect(instances['ship-1-shipment'].message).toContain("the history has TaskScheduled 'PackParcel', but the orchestrator no longer schedules it (its last durable call is waitForExternalEvent at");
    });
  });

  describe('changes that keep replay intact pass', () => {
    test('code added after the last recorded step', async () => {
      const app = build({
        'functions/fanout.ts': replaceOnce('  return yield context.df.callActivity(', "  yield context.df.callActivity('ProcessItem', 'one more');\n  return yield context.df.callActivity("),
        'functions/orders.ts': replaceOnce("  return { orderId: order.orderId, status: 'Completed'", "  yield context.df.callActivity('PackParcel', order.orderId);\n  return { orderId: order.orderId, status: 'Completed'"),
        'functions/shipping.ts': replaceOnce("  return { parcel, delivered };", "  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 60_000));\n  return { parcel, delivered };"),
        'functions/reliable.ts': replaceOnce('  return result;', "  yield context.df.callActivity('Summarize', [result]);\n  return result;"),
      });
      const { exitCode, instances } = await verify(app);
      expect(outcomes(instances)).toEqual(Object.fromEntries(RECORDED.map((id) => [id, 'ok'])));
      expect(exitCode).toBe(0);
    });

    test("an activity's body changed", async () => {
      const app = build({
        'functions/activities.ts': replaceOnce('(item: string) => `${item} done`', '(item: string) => ({ item, finishedAt: new Date().toISOString() })'),
      });
      const { exitCode, instances } = await verify(app);
      expect(outcomes(instances)).toEqual(Object.fromEntries(RECORDED.map((id) => [id, 'ok'])));
      expect(exitCode).toBe(0);
    });
  });
});
