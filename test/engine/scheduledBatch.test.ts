import path from 'node:path';
import type { PendingWorkSource, WorkItem } from '../../functions/batch/PendingWork';
import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';
import { capturedLog } from '../support/capturedLog';
import { request } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

// The module instance the host loaded (from dist/), so that the test's work source is the one the activities use.
const { setPendingWorkSource } = require(path.join(APP_ROOT, 'dist', 'functions', 'batch', 'pendingWorkSource.js')) as typeof import('../../functions/batch/pendingWorkSource');

const DISABLED = 'AzureWebJobs__QueueTriggeredStarter__Disabled';

function scheduled(env: DurableTestEnvironment, id: string): string[] {
  return env
    .getHistory(id)
    .filter((e) => e.EventType === EventType.TaskScheduled)
    .map((e) => e.Name!);
}

describe('the hourly batch on the engine (virtual clock)', () => {
  let env: DurableTestEnvironment;
  let previousSource: PendingWorkSource;
  const log = capturedLog();

  beforeAll(async () => {
    // No storage in this test: the order queue's listener stays off.
    process.env[DISABLED] = 'true';
    process.env.WEBSITE_TIME_ZONE = 'UTC';
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT, startTime: Date.UTC(2026, 0, 1), logger: log.logger });
  });

  afterAll(async () => {
    setPendingWorkSource(previousSource);
    await env.dispose();
    delete process.env[DISABLED];
    delete process.env.WEBSITE_TIME_ZONE;
  });

  test("ScheduledBatchProcessor starts batch-yyyyMMddHH on the hour, which fans out over the hour's work and reports what it did", async () => {
    const windows: unknown[] = [];
    previousSource = setPendingWorkSource({
      async listPending(window) {
        windows.push(window);
        return ['w-1', 'w-2', 'w-3'].map((id): WorkItem => ({ id, kind: 'export', dueAt: '2026-01-01T00:30:00Z' }));
      },
      async process(item) {
        if (item.id === 'w-2') throw new Error('the export target refused it');
      },
    });

    await env.advanceTime('59m');
    expect(env.getStatus('batch-2026010101')).toBeUndefined();
    await env.advanceTime('1m');

    const status = env.getStatus('batch-2026010101')!;
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({
      batchId: 'batch-2026010101',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T01:00:00.000Z',
      total: 3,
      succeeded: 2,
      failed: [{ id: 'w-2', error: 'the export target refused it' }],
    });
    expect(windows).toEqual([{ batchId: 'batch-2026010101', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' }]);
    expect(scheduled(env, 'batch-2026010101')).toEqual(['ListPendingWorkActivity', 'ProcessWorkItemActivity', 'ProcessWorkItemActivity', 'ProcessWorkItemActivity']);
    expect(log.text()).toMatch(/Batch batch-2026010101 \(2026-01-01T00:00:00\.000Z to 2026-01-01T01:00:00\.000Z\): 2 of 3 work items done, 1 failed\./);

    // The next hour brings the next batch.
    await env.advanceTime('1h');
    expect(env.getStatus('batch-2026010102')?.runtimeStatus).toBe('Completed');
  });

  test('a second start in the same hour while the batch runs logs that it is already running and is not an error', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    setPendingWorkSource({
      listPending: async () => [{ id: 'slow', kind: 'export', dueAt: '2026-01-01T00:30:00Z' }],
      process: () => gate,
    });

    // Runs by hand are for the current (real) hour; both land in the same one.
    expect((await request(`${env.url}/admin/functions/ScheduledBatchProcessor`, { method: 'POST' })).status).toBe(202);
    await env.host.triggers.whenIdle();
    const batchId = /Started BatchProcessingOrchestration as (batch-\d{10})/.exec(log.text().split('\n').slice(-20).join('\n'))![1];
    expect(env.getStatus(batchId)?.runtimeStatus).toMatch(/Pending|Running/);

    expect((await request(`${env.url}/admin/functions/ScheduledBatchProcessor`, { method: 'POST' })).status).toBe(202);
    await env.host.triggers.whenIdle();
    expect(log.text()).toContain(`BatchProcessingOrchestration ${batchId} is already running`);
    expect(log.text()).not.toMatch(/Executed 'Functions\.ScheduledBatchProcessor' \(Failed/);

    open();
    const done = await env.waitForCompletion(batchId);
    expect(done.output).toMatchObject({ batchId, total: 1, succeeded: 1 });
  });
});
