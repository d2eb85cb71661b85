import { EventType } from '../../src/host/durable/model/history';
import { eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

describe('a crash of the host loses nothing', () => {
  test('an order waiting for approval survives SIGKILL and completes exactly once after a restart', async () => {
    const dataDir = tempDir('e2e-crash-');
    const first = await startHostProcess({ dataDir });
    const body = { orderId: 'crash-1', items: [{ productId: 'p-1', quantity: 1, price: 30_000 }], amount: 30_000 };
    const start = await request(`${first.url}/api/orchestrators/OrderProcessingOrchestration?instanceId=crash-1`, { body });
    expect(start.status).toBe(202);
    // Running comes before the approval step (Validating first), so wait until the order is parked there.
    const waiting = await eventually(async () => {
      const res = await request(`${first.url}/runtime/webhooks/durabletask/instances/crash-1`);
      return res.body?.customStatus?.stage === 'AwaitingApproval' ? res : undefined;
    }, 15_000, 'crash-1 to wait for approval');
    expect(waiting.body.runtimeStatus).toBe('Running');
    await first.kill();

    const second = await startHostProcess({ dataDir });
    try {
      const status = await request(`${second.url}/api/orchestrations/crash-1`);
      expect(status.body).toMatchObject({ status: 'Running', customStatus: { stage: 'AwaitingApproval' } });
      const raised = await request(`${second.url}/api/orchestrations/crash-1/events/ApprovalReceived`, { body: { approved: true } });
      expect(raised.status).toBe(202);
      const done = await waitForRuntimeStatus(second.url, 'crash-1', ['Completed', 'Failed']);
      expect(done.body.output).toMatchObject({ orderId: 'crash-1', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });

      const history = await request(`${second.url}/runtime/webhooks/durabletask/instances/crash-1?showHistory=true`);
      const events = history.body.historyEvents as { EventType: string; FunctionName?: string }[];
      // In the extension's condensed history each completion names its activity and stands for its scheduling.
      const ran = events.filter((e) => e.EventType === EventType[EventType.TaskCompleted]).map((e) => e.FunctionName);
      expect(ran).toEqual(['ValidateOrderActivity', 'ProcessPaymentActivity', 'CreateShipmentActivity']);
      expect(events.filter((e) => e.EventType === EventType[EventType.TaskScheduled])).toEqual([]);
      expect(events.filter((e) => e.EventType === EventType[EventType.ExecutionCompleted])).toHaveLength(1);
      expect(events.filter((e) => e.EventType === EventType[EventType.EventRaised])).toHaveLength(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
