import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';
import { APP_ROOT } from '../support/paths';

const HOUR = 3600_000;

function order(orderId: string, amount: number, extra: Record<string, unknown> = {}) {
  return { orderId, items: [{ productId: 'p-1', quantity: 1, price: amount }], amount, ...extra };
}

function scheduledActivities(env: DurableTestEnvironment, id: string): string[] {
  return env
    .getHistory(id)
    .filter((e) => e.EventType === EventType.TaskScheduled)
    .map((e) => e.Name!);
}

describe('the order workflow on the engine (virtual clock)', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
  });

  afterAll(async () => {
    await env.dispose();
  });

  test('a valid order is validated, paid and shipped, and completes with a tracking number', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('chain-1', 120));
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ orderId: 'chain-1', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });
    expect(scheduledActivities(env, id)).toEqual(['ValidateOrderActivity', 'ProcessPaymentActivity', 'CreateShipmentActivity']);
  });

  test('an invalid order ends as ValidationFailed and pays nothing', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('bad-1', -5));
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatchObject({ orderId: 'bad-1', status: 'ValidationFailed', error: expect.stringMatching(/amount/i) });
    expect(scheduledActivities(env, id)).toEqual(['ValidateOrderActivity']);
  });

  test('an order above the threshold waits for approval, says so in its custom status, and completes when approved', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('big-ok', 25_000));
    await env.runUntilIdle();
    const waiting = env.getStatus(id)!;
    expect(waiting.runtimeStatus).toBe('Running');
    expect(waiting.customStatus).toMatchObject({ stage: 'AwaitingApproval' });
    expect(scheduledActivities(env, id)).toEqual(['ValidateOrderActivity']);

    await env.raiseEvent(id, 'ApprovalReceived', { approved: true });
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatchObject({ orderId: 'big-ok', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });
  });

  test('a rejected order ends as Rejected without payment', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('big-no', 25_000));
    await env.runUntilIdle();
    await env.raiseEvent(id, 'ApprovalReceived', { approved: false });
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatchObject({ orderId: 'big-no', status: 'Rejected' });
    expect(scheduledActivities(env, id)).not.toContain('ProcessPaymentActivity');
  });

  test('with no answer the 72-hour approval timer fires in virtual time and the order times out', async () => {
    const started = env.now().getTime();
    const realStart = Date.now();
    const id = await env.start('OrderProcessingOrchestration', order('big-silent', 25_000));
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatchObject({ orderId: 'big-silent', status: 'ApprovalTimedOut' });
    const waited = env.now().getTime() - started;
    expect(waited).toBeGreaterThanOrEqual(72 * HOUR);
    expect(waited).toBeLessThan(73 * HOUR);
    expect(Date.now() - realStart).toBeLessThan(5000);
  });

  test('an approval raised before the orchestrator waits for it is kept, not lost', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('big-early', 25_000));
    await env.raiseEvent(id, 'ApprovalReceived', { approved: true });
    const status = await env.waitForCompletion(id, { maxVirtualTime: '1h' });
    expect(status.output).toMatchObject({ status: 'Completed' });
  });

  test('when approval wins the race, its timer is cancelled and nothing is left scheduled', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('big-cancel', 25_000));
    await env.runUntilIdle();
    await env.raiseEvent(id, 'ApprovalReceived', { approved: true });
    await env.waitForCompletion(id);
    expect(env.nextTimerAt()).toBeUndefined();
  });

  test("an activity's error message reaches the orchestrator's catch", async () => {
    const id = await env.start('OrderProcessingOrchestration', order('declined-1', 50, { customerId: 'declined-card' }));
    const status = await env.waitForCompletion(id);
    expect(status.output).toMatchObject({ orderId: 'declined-1', status: 'PaymentFailed', error: expect.stringContaining('Payment declined') });
    expect(scheduledActivities(env, id)).not.toContain('CreateShipmentActivity');
  });

  test('terminating a waiting order ends it as Terminated with the reason, and later events are refused', async () => {
    const id = await env.start('OrderProcessingOrchestration', order('big-terminated', 25_000));
    await env.runUntilIdle();
    await env.terminate(id, 'customer cancelled');
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Terminated');
    expect(status.output).toBe('customer cancelled');
    await expect(env.raiseEvent(id, 'ApprovalReceived', { approved: true })).rejects.toMatchObject({ status: 410 });
    expect(env.nextTimerAt()).toBeUndefined();
  });

  test('an activity can be replaced by a fake for one test', async () => {
    const restore = env.overrideActivity('CreateShipmentActivity', () => ({ trackingNumber: 'TRK-FAKE' }));
    try {
      const id = await env.start('OrderProcessingOrchestration', order('fake-ship', 10));
      const status = await env.waitForCompletion(id);
      expect(status.output).toMatchObject({ trackingNumber: 'TRK-FAKE' });
    } finally {
      restore();
    }
  });
});

describe('activity retries (virtual clock)', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
  });

  afterAll(async () => {
    await env.dispose();
  });

  test('a failing activity is retried 5 seconds apart and succeeds on the third attempt', async () => {
    const started = env.now().getTime();
    const id = await env.start('ReliableOrchestration', { key: 'retry-ok', failuresBeforeSuccess: 2 });
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ key: 'retry-ok', attempts: 3 });
    expect(env.now().getTime() - started).toBe(10_000);
    const history = env.getHistory(id);
    expect(history.filter((e) => e.EventType === EventType.TaskFailed)).toHaveLength(2);
    expect(history.filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(3);
  });

  test("after 3 failed attempts the orchestration fails and its output carries the activity's message", async () => {
    const id = await env.start('ReliableOrchestration', { key: 'retry-fail', failuresBeforeSuccess: 10 });
    const status = await env.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toEqual(expect.stringContaining('Simulated failure 3 of 10'));
    expect(env.getHistory(id).filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(3);
  });
});
