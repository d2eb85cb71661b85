import { DurableTestEnvironment } from '../../src/testing';
import { APP_ROOT } from '../support/paths';

const bigOrder = (orderId: string) => ({ orderId, items: [{ productId: 'p-9', quantity: 1, price: 25000 }], amount: 25000 });

// Ids the Durable extension accepts but a URL must carry encoded: each is started, read, sent an event and
// terminated through the app's routes, and read through the management API, as the same instance.
const IDS = ['a%b', 'o'.repeat(150), 'with space', 'ünïcödé-😀', '%2e%2e%2f%2e%2e', 'semi;colon&x=1'];

describe('one instance id rule for the app routes and the management API', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT });
  });

  afterAll(async () => {
    await env.dispose();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${env.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  test.each(IDS)('the id %j is started, read, approved, terminated and found by both APIs', async (id) => {
    const e = encodeURIComponent(id);
    const started = await call('POST', `/api/orchestrators/OrderProcessingOrchestration?instanceId=${e}`, bigOrder('big'));
    expect(started.status).toBe(202);
    expect(started.body.id).toBe(id);
    await env.runUntilIdle();

    expect(await call('GET', `/api/orchestrations/${e}`)).toMatchObject({ status: 200, body: { instanceId: id, status: 'Running' } });
    // The links in the 202 address the same instance.
    const viaLink = await fetch(started.body.statusQueryGetUri);
    expect(((await viaLink.json()) as { instanceId: string }).instanceId).toBe(id);
    expect(await call('GET', `/runtime/webhooks/durabletask/instances/${e}`)).toMatchObject({ status: 202, body: { instanceId: id } });

    expect((await call('POST', `/api/orchestrations/${e}/events/ApprovalReceived`, { approved: true })).status).toBe(202);
    const done = await env.waitForCompletion(id);
    expect(done.output).toMatchObject({ orderId: 'big', status: 'Completed' });

    // Started again (a finished id may be reused) and terminated through the app.
    expect((await call('POST', `/api/orchestrators/OrderProcessingOrchestration?instanceId=${e}`, bigOrder('big'))).status).toBe(202);
    await env.runUntilIdle();
    expect((await call('POST', `/api/orchestrations/${e}/terminate`, { reason: 'done with it' })).status).toBe(202);
    await env.runUntilIdle();
    expect(await call('GET', `/api/orchestrations/${e}`)).toMatchObject({ status: 200, body: { instanceId: id, status: 'Terminated' } });
  });

  test.each([
    ['a'.repeat(257), /1 to 256 characters/],
    ['@counter@x', /may not start with '@'/],
    ['tab\tid', /control character/],
  ])('the id %j is refused with 400 by the app route and the management API alike', async (id, message) => {
    const e = encodeURIComponent(id);
    const viaApp = await call('POST', `/api/orchestrators/OrderProcessingOrchestration?instanceId=${e}`, bigOrder('x'));
    const viaApi = await call('POST', `/runtime/webhooks/durabletask/orchestrators/OrderProcessingOrchestration/${e}`, bigOrder('x'));
    expect(viaApp.status).toBe(400);
    expect(viaApp.body.error).toMatch(message);
    expect(viaApi.status).toBe(400);
    expect(JSON.stringify(viaApi.body)).toMatch(message);
  });

  test("'..' can travel only in a query, where the app refuses it: as a path segment every URL resolves it away", async () => {
    const viaApp = await call('POST', '/api/orchestrators/OrderProcessingOrchestration?instanceId=..', bigOrder('x'));
    expect(viaApp).toEqual({ status: 400, body: { error: "The instance ID '..' is not allowed: no URL can address it." } });
  });

  test('entity keys follow the extension too: a key with % or a space works through the app and the management API', async () => {
    for (const key of ['50%', 'two words']) {
      const e = encodeURIComponent(key);
      expect((await call('POST', `/api/counters/${e}/add`, 7)).status).toBe(202);
      await env.runUntilIdle();
      expect(await call('GET', `/api/counters/${e}`)).toEqual({ status: 200, body: { key, value: 7 } });
      expect(await call('GET', `/runtime/webhooks/durabletask/entities/Counter/${e}`)).toEqual({ status: 200, body: 7 });
    }
    expect((await call('POST', `/api/counters/${encodeURIComponent('a#b')}/add`, 1)).status).toBe(400);
  });
});
