import fs from 'node:fs';
import path from 'node:path';
import { DurableTestEnvironment } from '../../src/testing';
import { tempDir } from '../support/hostProcess';
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
});
