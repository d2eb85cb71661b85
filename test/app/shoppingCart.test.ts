jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import * as df from 'durable-functions';
import { readCartItem } from '../../functions/cart/readCartItem';
import { ShoppingCartEntity } from '../../functions/cart/ShoppingCartEntity';
import { fakeEntity, recordedErrorMessage } from '../support/fakes/fakeEntityContext';

const handler = ShoppingCartEntity.handler;
const apple = { productId: 'apple', name: 'Apple', quantity: 2, price: 0.5 };
const pear = { productId: 'pear', quantity: 1, price: 1.25 };

describe('the ShoppingCart entity (class style)', () => {
  test('is registered as the entity ShoppingCart', () => {
    expect(df.app.entity).toHaveBeenCalledWith('ShoppingCart', handler);
  });

  test('addItem adds lines and getCart returns the items with their total', async () => {
    const cart = fakeEntity('ShoppingCart', 'alice');
    await cart.run(handler, 'addItem', apple);
    await cart.run(handler, 'addItem', pear);
    expect(await cart.run(handler, 'getCart')).toEqual({ result: { items: [apple, pear], total: 2.25 } });
  });

  test('adding a product already in the cart adds to its quantity and takes the latest price', async () => {
    const cart = fakeEntity('ShoppingCart', 'bob');
    await cart.run(handler, 'addItem', apple);
    await cart.run(handler, 'addItem', { productId: 'apple', quantity: 3, price: 0.4 });
    expect(cart.state).toEqual({ items: [{ productId: 'apple', name: 'Apple', quantity: 5, price: 0.4 }] });
  });

  test('the total is rounded to cents', async () => {
    const cart = fakeEntity('ShoppingCart', 'carol');
    await cart.run(handler, 'addItem', { productId: 'dime', quantity: 3, price: 0.1 });
    expect(await cart.run(handler, 'getCart')).toMatchObject({ result: { total: 0.3 } });
  });

  test('removeItem removes the product; removing one that is not there changes nothing', async () => {
    const cart = fakeEntity('ShoppingCart', 'dave', { items: [apple, pear] });
    expect(await cart.run(handler, 'removeItem', 'apple')).toEqual({ result: { items: [pear], total: 1.25 } });
    await cart.run(handler, 'removeItem', 'kiwi');
    expect(cart.state).toEqual({ items: [pear] });
  });

  test('clear empties the cart, which still exists', async () => {
    const cart = fakeEntity('ShoppingCart', 'erin', { items: [apple] });
    await cart.run(handler, 'clear');
    expect(cart.exists).toBe(true);
    expect(cart.state).toEqual({ items: [] });
  });

  test('delete deletes the cart', async () => {
    const cart = fakeEntity('ShoppingCart', 'frank', { items: [apple] });
    await cart.run(handler, 'delete');
    expect(cart.exists).toBe(false);
  });

  test('a malformed item is refused with the problems in the message, and the cart is unchanged', async () => {
    const cart = fakeEntity('ShoppingCart', 'gina', { items: [pear] });
    const outcome = await cart.run(handler, 'addItem', { productId: '', quantity: 1.5, price: -1 });
    expect(recordedErrorMessage(outcome)).toBe(
      'Invalid cart item: productId must be a non-empty string. quantity must be a whole number greater than 0. price must be a number of at least 0.',
    );
    expect(cart.state).toEqual({ items: [pear] });
  });

  test('removeItem without a productId is refused', async () => {
    const outcome = await fakeEntity('ShoppingCart', 'hank').run(handler, 'removeItem');
    expect(recordedErrorMessage(outcome)).toMatch(/removeItem needs a productId/);
  });

  test('an unknown operation is refused with the operations there are', async () => {
    const outcome = await fakeEntity('ShoppingCart', 'ivy').run(handler, 'checkout');
    expect(recordedErrorMessage(outcome)).toBe(
      "Entity 'ShoppingCart' has no operation 'checkout'. Its operations are: addItem, removeItem, getCart, clear, delete.",
    );
  });
});

describe('readCartItem', () => {
  test('keeps only the known fields of a valid item', () => {
    expect(readCartItem({ ...apple, colour: 'red' })).toEqual(apple);
    expect(readCartItem(pear)).toEqual(pear);
  });

  test.each([null, [], 'apple', 3])('refuses %p, which is not an object', (value) => {
    expect(() => readCartItem(value)).toThrow(/must be a JSON object/);
  });

  test('refuses a name that is not a string', () => {
    expect(() => readCartItem({ ...apple, name: 5 })).toThrow('Invalid cart item: name, when given, must be a string.');
  });
});
