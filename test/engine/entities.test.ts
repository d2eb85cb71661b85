import path from 'node:path';
import { resolveEntryFiles } from '../../src/host/config/HostConfig';
import { EventType } from '../../src/host/durable/model/history';
import { DurableTestEnvironment } from '../../src/testing';
import { APP_ROOT } from '../support/paths';

// The built app's entry files plus a fixture orchestration that calls an entity operation and reports what it got back.
const APP_ENTRY_FILES = resolveEntryFiles(APP_ROOT);
const ENTITY_CALLER = path.join(__dirname, '..', 'fixtures', 'entity-callers', 'callEntityOperation.js');

const apple = { productId: 'apple', name: 'Apple', quantity: 2, price: 1.5 };
const pear = { productId: 'pear', quantity: 1, price: 2 };

describe('durable entities on the engine (virtual clock)', () => {
  let env: DurableTestEnvironment;

  beforeAll(async () => {
    env = await DurableTestEnvironment.create({ scriptRoot: APP_ROOT, entryFiles: [...APP_ENTRY_FILES, ENTITY_CALLER] });
  });

  afterAll(async () => {
    await env.dispose();
  });

  async function send(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${env.url}/api/${route}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Sends a request whose operations are signalled, then lets the engine run them. */
  async function sendAndSettle(method: string, route: string, body?: unknown) {
    const answer = await send(method, route, body);
    await env.runUntilIdle();
    return answer;
  }

  async function callEntity(entity: string, key: string, operation: string, input?: unknown, rethrow = false) {
    const id = await env.start('CallEntityOperation', { entity, key, operation, input, rethrow });
    return env.waitForCompletion(id);
  }

  describe('the Counter entity over HTTP', () => {
    test('add, get and reset: signals are applied in order and the value is read back', async () => {
      expect((await sendAndSettle('POST', 'counters/c-basic/add', 5)).status).toBe(202);
      await sendAndSettle('POST', 'counters/c-basic/add', 3);
      await sendAndSettle('POST', 'counters/c-basic/add', -1);
      expect(await send('GET', 'counters/c-basic')).toEqual({ status: 200, body: { key: 'c-basic', value: 7 } });

      expect((await sendAndSettle('POST', 'counters/c-basic/reset')).status).toBe(202);
      expect(await send('GET', 'counters/c-basic')).toEqual({ status: 200, body: { key: 'c-basic', value: 0 } });
    });

    test('delete, from the app route or the management API, deletes the counter as it does a class-based entity', async () => {
      await sendAndSettle('POST', 'counters/c-delete/add', 4);
      expect(await sendAndSettle('DELETE', 'counters/c-delete')).toEqual({ status: 202, body: { entity: 'Counter', key: 'c-delete', operation: 'delete' } });
      expect(await send('GET', 'counters/c-delete')).toEqual({ status: 404, body: { error: 'No counter with key "c-delete".' } });

      await sendAndSettle('POST', 'counters/c-delete-api/add', 2);
      const deleted = await fetch(`${env.url}/runtime/webhooks/durabletask/entities/Counter/c-delete-api`, { method: 'DELETE' });
      expect(deleted.status).toBe(202);
      await env.runUntilIdle();
      expect((await fetch(`${env.url}/runtime/webhooks/durabletask/entities/Counter/c-delete-api`)).status).toBe(404);
      expect((await send('GET', 'counters/c-delete-api')).status).toBe(404);
      // Deleted is not broken: the next add starts from 0 again.
      await sendAndSettle('POST', 'counters/c-delete-api/add', 1);
      expect(await send('GET', 'counters/c-delete-api')).toEqual({ status: 200, body: { key: 'c-delete-api', value: 1 } });
    });

    test('a counter that never existed answers 404', async () => {
      const answer = await send('GET', 'counters/c-never');
      expect(answer).toEqual({ status: 404, body: { error: 'No counter with key "c-never".' } });
    });

    test('adding something that is not a number answers 400 and changes nothing', async () => {
      await sendAndSettle('POST', 'counters/c-bad/add', 2);
      expect(await sendAndSettle('POST', 'counters/c-bad/add', '"two"')).toMatchObject({ status: 400, body: { error: expect.any(String) } });
      expect((await sendAndSettle('POST', 'counters/c-bad/add', '{oops')).status).toBe(400);
      expect((await sendAndSettle('POST', 'counters/c-bad/add')).status).toBe(400);
      expect((await send('GET', 'counters/c-bad')).body).toEqual({ key: 'c-bad', value: 2 });
    });
  });

  describe('what an orchestration calling an entity sees', () => {
    test('a call returns the operation result', async () => {
      await sendAndSettle('POST', 'counters/c-call/add', 4);
      const status = await callEntity('Counter', 'c-call', 'get');
      expect(status.output).toEqual({ result: 4 });
    });

    test("an unknown operation of the function-style Counter fails the call with the entity's message", async () => {
      const status = await callEntity('Counter', 'c-call', 'multiply', 2);
      expect(status.runtimeStatus).toBe('Completed');
      expect(status.output).toEqual({ error: "Counter has no operation 'multiply'. Its operations are: add, get, reset, delete." });
    });

    test("a wrong input reaches the caller as the entity's message, and the value stays", async () => {
      await sendAndSettle('POST', 'counters/c-input/add', 1);
      const status = await callEntity('Counter', 'c-input', 'add', 'one');
      expect(status.output).toEqual({ error: 'Counter \'add\' needs a number, got "one".' });
      expect((await send('GET', 'counters/c-input')).body).toEqual({ key: 'c-input', value: 1 });
    });

    test('an unknown operation of the class-based ShoppingCart fails the call with a message naming its operations', async () => {
      const status = await callEntity('ShoppingCart', 'cart-call', 'checkout');
      expect(status.output).toEqual({
        error: "Entity 'ShoppingCart' has no operation 'checkout'. Its operations are: addItem, removeItem, getCart, clear, delete.",
      });
    });

    test('an uncaught entity error fails the calling orchestration with that message', async () => {
      const status = await callEntity('Counter', 'c-call', 'divide', 2, true);
      expect(status.runtimeStatus).toBe('Failed');
      expect(status.output).toEqual(expect.stringContaining("Counter has no operation 'divide'."));
    });
  });

  describe('the ShoppingCart entity over HTTP', () => {
    test('add, add the same product again, remove, get and clear', async () => {
      expect(await sendAndSettle('POST', 'carts/cart-basic/items', apple)).toMatchObject({ status: 202 });
      await sendAndSettle('POST', 'carts/cart-basic/items', pear);
      await sendAndSettle('POST', 'carts/cart-basic/items', { productId: 'apple', quantity: 1, price: 1.5 });
      expect(await send('GET', 'carts/cart-basic')).toEqual({
        status: 200,
        body: { key: 'cart-basic', items: [{ ...apple, quantity: 3 }, pear], total: 6.5 },
      });

      expect((await sendAndSettle('DELETE', 'carts/cart-basic/items/pear')).status).toBe(202);
      expect((await send('GET', 'carts/cart-basic')).body).toEqual({ key: 'cart-basic', items: [{ ...apple, quantity: 3 }], total: 4.5 });

      expect((await sendAndSettle('DELETE', 'carts/cart-basic')).status).toBe(202);
      expect(await send('GET', 'carts/cart-basic')).toEqual({ status: 200, body: { key: 'cart-basic', items: [], total: 0 } });
    });

    test('a malformed item answers 400 with its problems and is not added', async () => {
      const answer = await sendAndSettle('POST', 'carts/cart-bad/items', { productId: 'apple', quantity: -1, price: 1 });
      expect(answer).toEqual({ status: 400, body: { error: 'Invalid cart item: quantity must be a whole number greater than 0.' } });
      expect((await send('GET', 'carts/cart-bad')).status).toBe(404);
    });

    test('a cart that never existed answers 404', async () => {
      expect(await send('GET', 'carts/cart-never')).toEqual({ status: 404, body: { error: 'No cart with key "cart-never".' } });
    });
  });

  describe('keys and bodies the routes must survive', () => {
    test('keys with spaces, unicode, quotes or @ reach their own entity and read back', async () => {
      for (const key of ['with space', 'ünïcödé-😀', '@counter@key', "quote'\"", 'semi;colon']) {
        expect((await sendAndSettle('POST', `counters/${encodeURIComponent(key)}/add`, 2)).status).toBe(202);
        expect(await send('GET', `counters/${encodeURIComponent(key)}`)).toEqual({ status: 200, body: { key, value: 2 } });
      }
    });

    test('bad keys and bodies on every entity route get a 4xx, never a 5xx', async () => {
      const keys = ['..', '.', '%2e%2e%2f', '%E0%A4%A', 'a'.repeat(300), '%00null', 'plain'];
      const bodies = [undefined, '', '{', 'null', '[]', '"text"', '1e999', '{"__proto__":{"polluted":true}}', '\u0000\u0001'];
      const failures: string[] = [];
      let n = 0;
      for (const key of keys) {
        const k = encodeURIComponent(key);
        const routes: [string, string][] = [
          ['POST', `counters/${k}/add`],
          ['GET', `counters/${k}`],
          ['POST', `counters/${k}/reset`],
          ['POST', `carts/${k}/items`],
          ['DELETE', `carts/${k}/items/${k}`],
          ['GET', `carts/${k}`],
          ['DELETE', `carts/${k}`],
          ['POST', `carts/${k}/checkout`],
        ];
        for (const [method, route] of routes) {
          const body = method === 'POST' ? bodies[n++ % bodies.length] : undefined;
          const answer = await fetch(`${env.url}/api/${route}`, { method, body });
          if (answer.status >= 500) failures.push(`${method} ${route} ${JSON.stringify(body)} -> ${answer.status} ${await answer.text()}`);
        }
      }
      await env.runUntilIdle();
      expect(failures).toEqual([]);
      expect((await send('GET', 'health')).status).toBe(200);
    });
  });

  describe('checking out a cart', () => {
    test('a cart that never existed, or was emptied, answers 400 and starts nothing', async () => {
      expect(await send('POST', 'carts/cart-none/checkout')).toEqual({
        status: 400,
        body: { error: 'Cart "cart-none" is empty; add items before checking out.' },
      });
      await sendAndSettle('POST', 'carts/cart-emptied/items', apple);
      await sendAndSettle('DELETE', 'carts/cart-emptied/items/apple');
      expect((await send('POST', 'carts/cart-emptied/checkout')).status).toBe(400);
    });

    test("a full cart is ordered for its total, the orchestration completes with the order's result and the cart is empty after", async () => {
      await sendAndSettle('POST', 'carts/cart-full/items', apple);
      await sendAndSettle('POST', 'carts/cart-full/items', pear);
      const answer = await send('POST', 'carts/cart-full/checkout', { customerId: 'c-7' });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ id: expect.any(String), statusQueryGetUri: expect.any(String) });

      const status = await env.waitForCompletion(answer.body.id);
      expect(status.name).toBe('CartCheckoutOrchestration');
      expect(status.runtimeStatus).toBe('Completed');
      expect(status.output).toEqual({
        orderId: expect.stringMatching(/^cart-cart-full-/),
        status: 'Completed',
        trackingNumber: expect.stringMatching(/^TRK-/),
      });
      const ordered = env.getHistory(answer.body.id).find((e) => e.EventType === EventType.TaskScheduled && e.Name === 'ValidateOrderActivity');
      expect(JSON.parse(ordered!.Input!)).toMatchObject({
        customerId: 'c-7',
        amount: 5,
        items: [
          { productId: 'apple', quantity: 2, price: 1.5 },
          { productId: 'pear', quantity: 1, price: 2 },
        ],
      });
      await env.runUntilIdle();
      expect((await send('GET', 'carts/cart-full')).body).toEqual({ key: 'cart-full', items: [], total: 0 });
    });

    test('when the payment is declined the order fails and the items stay in the cart', async () => {
      await sendAndSettle('POST', 'carts/cart-declined/items', apple);
      const answer = await send('POST', 'carts/cart-declined/checkout', { customerId: 'declined-card' });
      const status = await env.waitForCompletion(answer.body.id);
      expect(status.output).toMatchObject({ status: 'PaymentFailed' });
      expect((await send('GET', 'carts/cart-declined')).body.items).toEqual([apple]);
    });

    test('an item added while the checkout holds the lock is applied after the checkout, not lost', async () => {
      // Above the approval threshold, so the checkout waits for ApprovalReceived while it holds the cart's lock.
      const tv = { productId: 'tv', quantity: 1, price: 25_000 };
      await sendAndSettle('POST', 'carts/cart-locked/items', tv);
      const checkout = await send('POST', 'carts/cart-locked/checkout');
      expect(checkout.status).toBe(202);
      const id = checkout.body.id as string;
      await env.runUntilIdle();
      expect(env.getStatus(id)!.customStatus).toMatchObject({ stage: 'AwaitingApproval' });

      expect((await sendAndSettle('POST', 'carts/cart-locked/items', apple)).status).toBe(202);
      // Still waiting behind the lock: the stored cart is what the checkout read.
      expect((await send('GET', 'carts/cart-locked')).body.items).toEqual([tv]);

      await env.raiseEvent(id, 'ApprovalReceived', { approved: true });
      const status = await env.waitForCompletion(id);
      expect(status.output).toMatchObject({ status: 'Completed' });
      await env.runUntilIdle();
      // The checkout cleared the tv; the apple, queued behind the lock, was added after the clear.
      expect((await send('GET', 'carts/cart-locked')).body).toEqual({ key: 'cart-locked', items: [apple], total: 3 });
    });

    test('two checkouts of one cart order it once: the second waits for the lock, then finds the cart empty', async () => {
      // The first checkout waits for approval while it holds the lock, so the second is queued behind it.
      await sendAndSettle('POST', 'carts/cart-twice/items', { productId: 'tv', quantity: 1, price: 25_000 });
      const first = await send('POST', 'carts/cart-twice/checkout');
      await env.runUntilIdle();
      const second = await send('POST', 'carts/cart-twice/checkout');
      expect([first.status, second.status]).toEqual([202, 202]);
      await env.runUntilIdle();
      expect(env.getStatus(second.body.id)!.runtimeStatus).toBe('Running');

      await env.raiseEvent(first.body.id, 'ApprovalReceived', { approved: true });
      expect((await env.waitForCompletion(first.body.id)).output).toMatchObject({ status: 'Completed' });
      expect((await env.waitForCompletion(second.body.id)).output).toEqual({ cartKey: 'cart-twice', status: 'EmptyCart' });
    });
  });
});
