import { DurableTestEnvironment } from '../../src/testing';
import { capturedLog } from '../support/capturedLog';
import { APP_ROOT } from '../support/paths';

// An hourly batch for 31 days of virtual time is beside the point here, and there is no storage for the queue.
const DISABLED = ['AzureWebJobs__ScheduledBatchProcessor__Disabled', 'AzureWebJobs__QueueTriggeredStarter__Disabled'];

const order = (orderId: string, amount: number) => ({ orderId, items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

describe('DailyCleanup on the engine (virtual clock)', () => {
  let env: DurableTestEnvironment;
  const log = capturedLog();

  beforeAll(async () => {
    for (const name of DISABLED) process.env[name] = 'true';
    process.env.WEBSITE_TIME_ZONE = 'UTC';
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT, startTime: Date.UTC(2026, 0, 1), logger: log.logger });
  });

  afterAll(async () => {
    await env.dispose();
    for (const name of [...DISABLED, 'WEBSITE_TIME_ZONE']) delete process.env[name];
  });

  test('at 02:00 it purges Completed, Failed and Terminated instances created more than 30 days before, and keeps running and recent ones', async () => {
    // 2026-01-01T00:00Z: one instance of each kind.
    await env.start('OrderProcessingOrchestration', order('old-done', 10), { instanceId: 'old-done' });
    await env.start('ReliableOrchestration', { key: '' }, { instanceId: 'old-failed' });
    await env.start('OrderProcessingOrchestration', order('old-cancelled', 50_000), { instanceId: 'old-cancelled' });
    await env.start('SingletonOrchestration', { holdFor: '60d' }, { instanceId: 'old-running' });
    await env.runUntilIdle();
    await env.terminate('old-cancelled', 'customer cancelled');
    await env.runUntilIdle();
    const statusOf = (id: string) => env.getStatus(id)?.runtimeStatus;
    expect(['old-done', 'old-failed', 'old-cancelled', 'old-running'].map(statusOf)).toEqual(['Completed', 'Failed', 'Terminated', 'Running']);

    // Thirty nightly runs later nothing is old enough yet.
    await env.advanceTime('30d');
    expect(['old-done', 'old-failed', 'old-cancelled', 'old-running'].map(statusOf)).toEqual(['Completed', 'Failed', 'Terminated', 'Running']);
    expect(log.text().match(/Purged 0 instance\(s\)/g)).toHaveLength(30);

    await env.start('OrderProcessingOrchestration', order('recent-done', 10), { instanceId: 'recent-done' });
    await env.runUntilIdle();
    await env.advanceTime('3h');

    expect(env.now().toISOString()).toBe('2026-01-31T03:00:00.000Z');
    expect(['old-done', 'old-failed', 'old-cancelled'].map(statusOf)).toEqual([undefined, undefined, undefined]);
    expect(statusOf('old-running')).toBe('Running');
    expect(statusOf('recent-done')).toBe('Completed');
    expect(log.text()).toContain('Purged 3 instance(s) (Completed, Failed, Terminated) created before 2026-01-01T02:00:00.000Z.');
  });
});
