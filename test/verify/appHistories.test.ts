import path from 'node:path';
import type { PendingWorkSource, WorkItem } from '../../functions/batch/PendingWork';
import { DurableTestEnvironment, verifyHistories } from '../../src/testing';
import { request } from '../support/hostProcess';
import { APP_ROOT } from '../support/paths';

// The app's own orchestrations, recorded once and kept in the repository: a change to functions/ that
// would break instances in flight (reordered, renamed or inserted calls, moved timers) fails this test.
const APP_HISTORIES = path.join(__dirname, '..', 'histories', 'app');

// The module instance the host loaded (from dist/), so that the test's work source is the one the activities use.
const { setPendingWorkSource } = require(path.join(APP_ROOT, 'dist', 'functions', 'batch', 'pendingWorkSource.js')) as typeof import('../../functions/batch/pendingWorkSource');

const QUEUE_OFF = 'AzureWebJobs__QueueTriggeredStarter__Disabled';

describe("the app's recorded histories replay against its current build", () => {
  let previousSource: PendingWorkSource | undefined;

  beforeAll(async () => {
    process.env[QUEUE_OFF] = 'true';
    const env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT, recordHistories: APP_HISTORIES });
    try {
      // An order above the approval threshold, waiting for its approval (and its 72-hour timer).
      await env.start('OrderProcessingOrchestration', { orderId: 'o-big', customerId: 'c-7', items: [{ productId: 'p-9', quantity: 1, price: 25_000 }], amount: 25_000 }, { instanceId: 'order-awaiting-approval' });
      // A retried activity between its first failed attempt and the next.
      await env.start('ReliableOrchestration', { key: 'retrying', failuresBeforeSuccess: 2 }, { instanceId: 'reliable-retrying' });
      // A checkout holding the cart's lock while its large order waits for approval.
      expect((await request(`${env.url}/api/carts/big-cart/items`, { body: { productId: 'p-9', name: 'Piano', quantity: 1, price: 20_000 } })).status).toBe(202);
      await env.runUntilIdle();
      await env.start('CartCheckoutOrchestration', { cartKey: 'big-cart', customerId: 'c-8' }, { instanceId: 'checkout-big-cart' });
      await env.runUntilIdle();
      expect(env.getStatus('order-awaiting-approval')?.customStatus).toMatchObject({ stage: 'AwaitingApproval' });
      expect(env.getStatus('checkout-big-cart')?.customStatus).toMatchObject({ stage: 'AwaitingApproval' });
      expect(env.getStatus('reliable-retrying')?.runtimeStatus).toBe('Running');
      env.recordHistory('reliable-retrying');

      // A fan-out over the hour's work, one item failing.
      previousSource = setPendingWorkSource({
        async listPending() {
          return ['w-1', 'w-2', 'w-3'].map((id): WorkItem => ({ id, kind: 'export', dueAt: '2026-01-01T00:30:00Z' }));
        },
        async process(item) {
          if (item.id === 'w-2') throw new Error('the export target refused it');
        },
      });
      await env.start('BatchProcessingOrchestration', { batchId: 'batch-2026010101', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' }, { instanceId: 'batch-2026010101' });
      expect(await env.waitForCompletion('batch-2026010101')).toMatchObject({ runtimeStatus: 'Completed', output: { total: 3, succeeded: 2 } });
    } finally {
      await env.dispose();
      if (previousSource) setPendingWorkSource(previousSource);
      delete process.env[QUEUE_OFF];
    }
  });

  test('every recorded instance replays', async () => {
    const result = await verifyHistories(APP_HISTORIES, { scriptRoot: APP_ROOT });
    expect(result.problems).toEqual([]);
    expect(result.instances.map((i) => i.instanceId).sort()).toEqual(['batch-2026010101', 'checkout-big-cart', 'order-awaiting-approval', 'reliable-retrying']);
    expect(Object.fromEntries(result.instances.map((i) => [i.instanceId, i.calls]))).toEqual({
      'order-awaiting-approval': 2,
      'reliable-retrying': 1,
      'checkout-big-cart': 4,
      'batch-2026010101': 4,
    });
  });
});
