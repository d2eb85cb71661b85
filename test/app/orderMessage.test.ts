import { orderInstanceId, readOrderMessage } from '../../functions/orders/orderMessage';

describe('order queue messages', () => {
  test('a message that names its order is taken as the order, which the workflow then validates', () => {
    const order = { orderId: 'o-1', items: [{ productId: 'p', quantity: 1, price: 5 }], amount: 5 };
    expect(readOrderMessage(order)).toBe(order);
    expect(readOrderMessage({ orderId: 'o-2', amount: -1 })).toEqual({ orderId: 'o-2', amount: -1 });
    expect(orderInstanceId('o-1')).toBe('order-o-1');
  });

  test('a message that cannot start an order is refused with the reason', () => {
    expect(() => readOrderMessage('not json at all')).toThrow('An order message must be a JSON object with an orderId; this one is the text "not json at all".');
    expect(() => readOrderMessage([1, 2])).toThrow(/this one is an array/);
    expect(() => readOrderMessage(42)).toThrow(/this one is a number/);
    expect(() => readOrderMessage({ amount: 5 })).toThrow('An order message must have an orderId that is a non-empty string.');
    expect(() => readOrderMessage({ orderId: '  ' })).toThrow(/orderId/);
    expect(() => readOrderMessage({ orderId: 'a/b' })).toThrow(/not allowed/);
  });
});
