import { type HostProcess, eventually, request, startHostProcess, tempDir, waitForRuntimeStatus } from '../support/hostProcess';

// The app's routes have authLevel 'function' (health is anonymous): in Azure, and here with --enable-auth, they need a key.
describe('the app with --enable-auth, as in Azure', () => {
  const MASTER = 'app-master-key';
  const FUNCTION = 'app-function-key';
  let host: HostProcess;
  let api: string;

  beforeAll(async () => {
    host = await startHostProcess({ dataDir: tempDir('e2e-app-keys-'), args: ['--enable-auth'], env: { FUNCTIONS_MASTER_KEY: MASTER, FUNCTIONS_FUNCTION_KEY: FUNCTION } });
    api = `${host.url}/api`;
  });

  afterAll(async () => {
    expect(await host.stop()).toBe(0);
  });

  const order = { orderId: 'keyed-1', items: [{ productId: 'p-1', quantity: 1, price: 20000 }], amount: 20000 };

  test('every app route but health answers 401 without a key', async () => {
    const routes: [string, string, unknown?][] = [
      ['POST', '/orchestrators/OrderProcessingOrchestration', order],
      ['GET', '/orchestrations/any-id'],
      ['POST', '/orchestrations/any-id/terminate', {}],
      ['POST', '/orchestrations/any-id/events/ApprovalReceived', { approved: true }],
      ['POST', '/counters/hits/add', 1],
      ['GET', '/counters/hits'],
      ['POST', '/counters/hits/reset'],
      ['DELETE', '/counters/hits'],
      ['POST', '/carts/alice/items', { productId: 'p-1', quantity: 1, price: 1 }],
      ['GET', '/carts/alice'],
      ['DELETE', '/carts/alice/items/p-1'],
      ['DELETE', '/carts/alice'],
      ['POST', '/carts/alice/checkout', {}],
      ['POST', '/singleton', {}],
    ];
    for (const [method, path, body] of routes) {
      const res = await request(`${api}${path}`, { method, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      expect((await request(`${api}${path}?code=wrong`, { method, body })).status).toBe(401);
    }
    expect(await request(`${api}/health`)).toMatchObject({ status: 200, body: { status: 'healthy' } });
  });

  test('with the function key (header) or the master key (?code=) the routes work, and the durable client inside them too', async () => {
    const started = await request(`${api}/orchestrators/OrderProcessingOrchestration?instanceId=keyed-1`, { body: order, headers: { 'x-functions-key': FUNCTION } });
    expect(started.status).toBe(202);
    await waitForRuntimeStatus(host.url, 'keyed-1', ['Running'], 15_000, started.body.statusQueryGetUri);

    const raised = await request(`${api}/orchestrations/keyed-1/events/ApprovalReceived?code=${MASTER}`, { body: { approved: true } });
    expect(raised.status).toBe(202);
    await waitForRuntimeStatus(host.url, 'keyed-1', ['Completed'], 15_000, started.body.statusQueryGetUri);
    const status = await request(`${api}/orchestrations/keyed-1`, { headers: { 'x-functions-key': FUNCTION } });
    expect(status).toMatchObject({ status: 200, body: { status: 'Completed', output: { orderId: 'keyed-1', status: 'Completed' } } });

    expect((await request(`${api}/counters/keyed/add?code=${FUNCTION}`, { body: 3 })).status).toBe(202);
    const counter = await eventually(async () => {
      const res = await request(`${api}/counters/keyed?code=${FUNCTION}`);
      return res.status === 200 ? res : undefined;
    });
    expect(counter.body).toEqual({ key: 'keyed', value: 3 });
  });
});
