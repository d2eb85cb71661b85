import { type HostProcess, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

const order = (orderId: string, amount: number) => ({ orderId, items: [{ productId: 'p-1', quantity: 1, price: amount }], amount });

describe('the app on durable-host, over real HTTP', () => {
  let host: HostProcess;
  let api: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-app-') });
    api = `${host.url}/api`;
  });

  afterAll(async () => {
    const code = await host.stop();
    expect(code).toBe(0);
  });

  test('the app registers every function of every feature folder, with its trigger or route, as func start lists them', async () => {
    const listed = /Functions:\n([\s\S]*?)\n(?:Dashboard:|Host started)/.exec(host.output())?.[1] ?? '';
    const functions = listed
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => line.trim().replace(/http:\/\/localhost:\d+/, ''));
    expect(functions).toEqual([
      'ActivityOne: activityTrigger',
      'ActivityThree: activityTrigger',
      'ActivityTwo: activityTrigger',
      'AddCartItem: [POST] /api/carts/{key}/items',
      'AddToCounter: [POST] /api/counters/{key}/add',
      'BatchProcessingOrchestration: orchestrationTrigger',
      'CartCheckoutOrchestration: orchestrationTrigger',
      'CheckoutCart: [POST] /api/carts/{key}/checkout',
      'ClearCart: [DELETE] /api/carts/{key}',
      'Counter: entityTrigger',
      'CreateShipmentActivity: activityTrigger',
      'DailyCleanup: timerTrigger',
      'DeleteCounter: [DELETE] /api/counters/{key}',
      'FinishSingletonJobActivity: activityTrigger',
      'GetCart: [GET] /api/carts/{key}',
      'GetCounter: [GET] /api/counters/{key}',
      'GetOrchestrationStatus: [GET] /api/orchestrations/{instanceId}',
      'Health: [GET] /api/health',
      'ListPendingWorkActivity: activityTrigger',
      'LoadChainCheckpointActivity: activityTrigger',
      'OrderProcessingOrchestration: orchestrationTrigger',
      'ProcessPaymentActivity: activityTrigger',
      'ProcessWorkItemActivity: activityTrigger',
      'QueueTriggeredStarter: queueTrigger',
      'RaiseOrchestrationEvent: [POST] /api/orchestrations/{instanceId}/events/{eventName}',
      'ReliableOrchestration: orchestrationTrigger',
      'RemoveCartItem: [DELETE] /api/carts/{key}/items/{productId}',
      'ResetCounter: [POST] /api/counters/{key}/reset',
      'ResilientChainOrchestration: orchestrationTrigger',
      'ScheduledBatchProcessor: timerTrigger',
      'ShoppingCart: entityTrigger',
      'SingletonOrchestration: orchestrationTrigger',
      'StartOrchestration: [POST] /api/orchestrators/{name}',
      'StartSingleton: [POST] /api/singleton',
      'TerminateOrchestration: [POST] /api/orchestrations/{instanceId}/terminate',
      'UnreliableActivity: activityTrigger',
      'ValidateOrderActivity: activityTrigger',
    ]);
    const status = await request(`${host.url}/admin/host/status`);
    expect(status.status).toBe(200);
    expect(status.body.functions).toBe(functions.length);
  });

  test('a valid order started over HTTP reaches Completed with a tracking number', async () => {
    const start = await request(`${api}/orchestrators/OrderProcessingOrchestration`, { body: order('e2e-1', 42) });
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toBe(start.body.statusQueryGetUri);
    const id = start.body.id;
    const done = await waitForRuntimeStatus(host.url, id, ['Completed', 'Failed']);
    expect(done.body.output).toMatchObject({ orderId: 'e2e-1', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });

    const status = await request(`${api}/orchestrations/${id}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ instanceId: id, name: 'OrderProcessingOrchestration', status: 'Completed', customStatus: expect.anything() });
    expect(new Date(status.body.createdAt).getTime()).toBeLessThanOrEqual(new Date(status.body.lastUpdatedAt).getTime());
  });

  test('an order waiting for approval takes the event, and a finished one refuses events and termination', async () => {
    const start = await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=e2e-big`, { body: order('e2e-big', 50_000) });
    expect(start.status).toBe(202);
    expect(start.body.id).toBe('e2e-big');
    await waitForRuntimeStatus(host.url, 'e2e-big', ['Running']);

    const again = await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=e2e-big`, { body: order('e2e-big', 50_000) });
    expect(again.status).toBe(409);

    const raised = await request(`${api}/orchestrations/e2e-big/events/ApprovalReceived`, { body: { approved: true } });
    expect(raised.status).toBe(202);
    const done = await waitForRuntimeStatus(host.url, 'e2e-big', ['Completed']);
    expect(done.body.output.status).toBe('Completed');

    const late = await request(`${api}/orchestrations/e2e-big/events/ApprovalReceived`, { body: { approved: true } });
    expect([409, 410]).toContain(late.status);
    expect(late.body.error).toMatch(/Completed/);
    const terminate = await request(`${api}/orchestrations/e2e-big/terminate`, { body: { reason: 'too late' } });
    expect([409, 410]).toContain(terminate.status);
  });

  test('terminate ends a waiting order', async () => {
    await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=e2e-term`, { body: order('e2e-term', 50_000) });
    await waitForRuntimeStatus(host.url, 'e2e-term', ['Running']);
    const res = await request(`${api}/orchestrations/e2e-term/terminate`, { body: { reason: 'customer cancelled' } });
    expect(res.status).toBe(202);
    const done = await waitForRuntimeStatus(host.url, 'e2e-term', ['Terminated']);
    expect(done.body.output).toBe('customer cancelled');
  });

  test('bad input gets a JSON error with the right status, never a 500', async () => {
    const cases: [string, string, string | undefined, number][] = [
      ['POST', '/orchestrators/OrderProcessingOrchestration', '{"orderId": ', 400],
      ['POST', '/orchestrators/NoSuchOrchestration', '{}', 404],
      ['GET', '/orchestrations/no-such-instance', undefined, 404],
      ['POST', '/orchestrations/no-such-instance/terminate', '{}', 404],
      ['POST', '/orchestrations/no-such-instance/events/ApprovalReceived', '{}', 404],
      ['POST', '/orchestrations/e2e-1/events/ApprovalReceived', 'not json', 400],
    ];
    for (const [method, path, body, expected] of cases) {
      const res = await request(`${api}${path}`, { method, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: expected });
      expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
    }
    expect((await request(`${api}/no/such/route`)).status).toBe(404);
    expect((await request(`${api}/health`, { method: 'DELETE' })).status).toBe(405);
  });

  test('health answers 200 healthy while the durable client works', async () => {
    const res = await request(`${api}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy' });
  });
});
