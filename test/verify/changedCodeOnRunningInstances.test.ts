import fs from 'node:fs';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';
import { type BuiltApp, buildVerifyApp, lineOf, replaceOnce } from '../support/verifyApp';

describe('a host that runs changed code on instances in flight', () => {
  let base: BuiltApp;
  let changed: BuiltApp;
  let dataDir: string;

  beforeAll(() => {
    base = buildVerifyApp();
    changed = buildVerifyApp({ 'functions/orders.ts': replaceOnce("'ValidateOrder'", "'CheckOrder'") });
    dataDir = tempDir('changed-code-');
  });

  afterAll(() => {
    base.remove();
    changed.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('fails the instance with the position, both calls and the TypeScript line of the diverging call', async () => {
    const before = await DurableTestEnvironment.create({ scriptRoot: base.root, dataDir });
    await before.start('OrderWorkflow', { orderId: 'o-5', amount: 20_000 }, { instanceId: 'deployed-under' });
    await before.runUntilIdle();
    expect(before.getStatus('deployed-under')?.runtimeStatus).toBe('Running');
    await before.dispose();

    // The new build starts on the same store, as after a deployment; the approval makes the instance replay.
    const after = await DurableTestEnvironment.create({ scriptRoot: changed.root, dataDir });
    try {
      await after.raiseEvent('deployed-under', 'ApprovalReceived', { approved: true });
      const status = await after.waitForCompletion('deployed-under');
      expect(status.runtimeStatus).toBe('Failed');
      const line = lineOf(changed.source('functions/orders.ts'), "'CheckOrder'");
      expect(status.output).toContain(
        `Non-deterministic workflow detected: at position 0 the history has TaskScheduled 'ValidateOrder', but the orchestrator now schedules CallActivity 'CheckOrder' at ${changed.sourcePath('functions/orders.ts')}:${line}:`,
      );
      expect(status.output).toContain(`(through ${changed.sourcePath('lib/activityCalls.ts')}:`);
      expect(status.output).toContain('(history event 2, EventId 0; recorded input {"orderId":"o-5","amount":20000})');
      // Nothing of the new code ran: no CheckOrder was scheduled.
      expect(after.getHistory('deployed-under').filter((e) => e.Name === 'CheckOrder')).toEqual([]);
    } finally {
      await after.dispose();
    }
  });

  test('a durable-host process (the app in a worker thread) names the TypeScript line too', async () => {
    const webhooks = (host: { url: string }) => `${host.url}/runtime/webhooks/durabletask`;
    const processData = tempDir('changed-code-process-');
    try {
      const before = await startHostProcess({ scriptRoot: base.root, dataDir: processData });
      try {
        expect((await request(`${webhooks(before)}/orchestrators/OrderWorkflow/deployed-process`, { body: { orderId: 'o-6', amount: 30_000 } })).status).toBe(202);
        // Validated, and waiting for the approval or its timer.
        await eventually(async () => {
          const res = await request(`${webhooks(before)}/instances/deployed-process?showHistory=true`);
          return res.body?.historyEvents?.some((e: { EventType: string }) => e.EventType === 'TimerCreated') ? true : undefined;
        });
      } finally {
        await before.stop();
      }
      const after = await startHostProcess({ scriptRoot: changed.root, dataDir: processData });
      try {
        expect((await request(`${webhooks(after)}/instances/deployed-process/raiseEvent/ApprovalReceived`, { body: { approved: true } })).status).toBe(202);
        const failed = await waitForRuntimeStatus(after.url, 'deployed-process', ['Failed']);
        const line = lineOf(changed.source('functions/orders.ts'), "'CheckOrder'");
        expect(failed.body.output).toContain(`but the orchestrator now schedules CallActivity 'CheckOrder' at ${changed.sourcePath('functions/orders.ts')}:${line}:`);
      } finally {
        await after.stop();
      }
    } finally {
      fs.rmSync(processData, { recursive: true, force: true });
    }
  });
});
