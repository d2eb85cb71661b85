jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { addCartItem } from '../../functions/cart/addCartItem';
import { addToCounter } from '../../functions/counter/addToCounter';
import { startCartCheckout } from '../../functions/cart/startCartCheckout';
import { clearCart } from '../../functions/cart/clearCart';
import { getCart } from '../../functions/cart/getCart';
import { getCounter } from '../../functions/counter/getCounter';
import { removeCartItem } from '../../functions/cart/removeCartItem';
import { resetCounter } from '../../functions/counter/resetCounter';
import { DurableHttpHandler } from '../../functions/http/withDurableClient';
import { withJsonErrors } from '../../functions/http/withJsonErrors';
import { fakeDurableClient } from '../support/fakes/fakeDurableClient';

function request(params: Record<string, string>, body?: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/test',
    params,
    body: body === undefined ? undefined : { string: body },
  });
}

function call(handler: DurableHttpHandler, client: DurableClient, httpRequest: HttpRequest) {
  const context = new InvocationContext({ functionName: 'TestFunction', invocationId: 'inv-1', logHandler: () => undefined });
  return withJsonErrors((req, ctx) => handler(req, client, ctx))(httpRequest, context) as Promise<HttpResponseInit>;
}

const apple = { productId: 'apple', name: 'Apple', quantity: 2, price: 0.5 };

describe('counter routes', () => {
  test('POST counters/{key}/add signals add with the number and answers 202', async () => {
    const client = fakeDurableClient();
    const response = await call(addToCounter, client, request({ key: 'hits' }, '5'));
    expect(response).toEqual({ status: 202, jsonBody: { entity: 'Counter', key: 'hits', operation: 'add', input: 5 } });
    expect(client.signalEntity).toHaveBeenCalledWith(new df.EntityId('Counter', 'hits'), 'add', 5);
  });

  test.each([['"5"'], ['{"n":5}'], ['null'], [undefined], ['{oops']])('POST counters/{key}/add with the body %p answers 400', async (body) => {
    const client = fakeDurableClient();
    const response = await call(addToCounter, client, request({ key: 'hits' }, body));
    expect(response.status).toBe(400);
    expect(response.jsonBody.error).toEqual(expect.any(String));
    expect(client.signalEntity).not.toHaveBeenCalled();
  });

  test.each(['a\u0001b', '..', '.', 'a/b', 'a#b', 'a?b', ''])(
    'a key the Durable extension refuses, or no URL can address (%p), answers 400 and signals nothing',
    async (key) => {
      const client = fakeDurableClient();
      const response = await call(addToCounter, client, request({ key }, '1'));
      expect(response.status).toBe(400);
      expect(client.signalEntity).not.toHaveBeenCalled();
    },
  );

  test('keys with spaces, unicode, @, % or of any length are fine', async () => {
    for (const key of ['with space', 'ünïcödé-😀', '@counter@key', "quote'\"", '%2e%2e', 'a'.repeat(101)]) {
      expect((await call(addToCounter, fakeDurableClient(), request({ key }, '1'))).status).toBe(202);
    }
  });

  test('GET counters/{key} answers the value, or 404 for a counter that never existed', async () => {
    const client = fakeDurableClient({}, { 'Counter@hits': 12 });
    expect(await call(getCounter, client, request({ key: 'hits' }))).toEqual({ status: 200, jsonBody: { key: 'hits', value: 12 } });
    expect(await call(getCounter, client, request({ key: 'ghost' }))).toEqual({
      status: 404,
      jsonBody: { error: 'No counter with key "ghost".' },
    });
  });

  test('POST counters/{key}/reset signals reset and answers 202', async () => {
    const client = fakeDurableClient();
    const response = await call(resetCounter, client, request({ key: 'hits' }));
    expect(response.status).toBe(202);
    expect(client.signalEntity).toHaveBeenCalledWith(new df.EntityId('Counter', 'hits'), 'reset');
  });
});

describe('cart routes', () => {
  test('POST carts/{key}/items signals addItem with the item, without unknown fields, and answers 202', async () => {
    const client = fakeDurableClient();
    const response = await call(addCartItem, client, request({ key: 'alice' }, JSON.stringify({ ...apple, colour: 'red' })));
    expect(response).toEqual({ status: 202, jsonBody: { entity: 'ShoppingCart', key: 'alice', operation: 'addItem', input: apple } });
    expect(client.signalEntity).toHaveBeenCalledWith(new df.EntityId('ShoppingCart', 'alice'), 'addItem', apple);
  });

  test.each([['{"productId":"apple"}'], ['[]'], ['{oops'], [undefined]])('POST carts/{key}/items with %p answers 400', async (body) => {
    const client = fakeDurableClient();
    const response = await call(addCartItem, client, request({ key: 'alice' }, body));
    expect(response.status).toBe(400);
    expect(client.signalEntity).not.toHaveBeenCalled();
  });

  test('a malformed item is answered with every problem', async () => {
    const response = await call(addCartItem, fakeDurableClient(), request({ key: 'alice' }, '{"productId":"apple","quantity":0}'));
    expect(response.jsonBody.error).toBe(
      'Invalid cart item: quantity must be a whole number greater than 0. price must be a number of at least 0.',
    );
  });

  test('DELETE carts/{key}/items/{productId} signals removeItem and answers 202', async () => {
    const client = fakeDurableClient();
    const response = await call(removeCartItem, client, request({ key: 'alice', productId: 'apple' }));
    expect(response.status).toBe(202);
    expect(client.signalEntity).toHaveBeenCalledWith(new df.EntityId('ShoppingCart', 'alice'), 'removeItem', 'apple');
  });

  test('GET carts/{key} answers the items and total, or 404 for a cart that never existed', async () => {
    const client = fakeDurableClient({}, { 'ShoppingCart@alice': { items: [apple] } });
    expect(await call(getCart, client, request({ key: 'alice' }))).toEqual({
      status: 200,
      jsonBody: { key: 'alice', items: [apple], total: 1 },
    });
    expect((await call(getCart, client, request({ key: 'nobody' }))).status).toBe(404);
  });

  test('DELETE carts/{key} signals clear and answers 202', async () => {
    const client = fakeDurableClient();
    const response = await call(clearCart, client, request({ key: 'alice' }));
    expect(response.status).toBe(202);
    expect(client.signalEntity).toHaveBeenCalledWith(new df.EntityId('ShoppingCart', 'alice'), 'clear', undefined);
  });
});

describe('POST carts/{key}/checkout', () => {
  test('starts CartCheckoutOrchestration for a cart with items and answers with the check-status response', async () => {
    const client = fakeDurableClient({}, { 'ShoppingCart@alice': { items: [apple] } });
    const response = await call(startCartCheckout, client, request({ key: 'alice' }, '{"customerId":"c-7"}'));
    expect(response).toEqual({ status: 202, jsonBody: { id: 'generated-id' } });
    expect(client.startNew).toHaveBeenCalledWith('CartCheckoutOrchestration', {
      input: { cartKey: 'alice', customerId: 'c-7' },
      instanceId: undefined,
    });
  });

  test('answers 400 for a cart that never existed and for an empty one, starting nothing', async () => {
    const client = fakeDurableClient({}, { 'ShoppingCart@empty': { items: [] } });
    for (const key of ['nobody', 'empty']) {
      const response = await call(startCartCheckout, client, request({ key }));
      expect(response).toEqual({ status: 400, jsonBody: { error: `Cart "${key}" is empty; add items before checking out.` } });
    }
    expect(client.startNew).not.toHaveBeenCalled();
  });

  test.each([['"c-7"'], ['{"customerId":7}'], ['{oops']])('answers 400 for the body %p', async (body) => {
    const client = fakeDurableClient({}, { 'ShoppingCart@alice': { items: [apple] } });
    expect((await call(startCartCheckout, client, request({ key: 'alice' }, body))).status).toBe(400);
    expect(client.startNew).not.toHaveBeenCalled();
  });
});
