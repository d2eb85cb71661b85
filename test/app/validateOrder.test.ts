import { validateOrder } from '../../functions/orders/validateOrder';

const validOrder = {
  orderId: 'order-1',
  customerId: 'customer-1',
  items: [{ productId: 'sku-1', quantity: 2, price: 25 }],
  amount: 50,
};

describe('validateOrder', () => {
  test('accepts a well-formed order and keeps only the known fields', () => {
    const result = validateOrder({ ...validOrder, note: 'ignored', items: [{ ...validOrder.items[0], colour: 'red' }] });
    expect(result).toEqual({ valid: true, order: validOrder });
  });

  test('accepts an order without a customerId', () => {
    const { customerId: _omitted, ...order } = validOrder;
    expect(validateOrder(order)).toEqual({ valid: true, order });
  });

  test.each([
    ['no orderId', { ...validOrder, orderId: undefined }, /orderId is required/],
    ['an empty orderId', { ...validOrder, orderId: '  ' }, /orderId is required/],
    ['a numeric orderId', { ...validOrder, orderId: 7 }, /orderId is required/],
    ['a zero amount', { ...validOrder, amount: 0 }, /amount must be a number greater than 0/],
    ['a negative amount', { ...validOrder, amount: -5 }, /amount must be a number greater than 0/],
    ['an amount that is a string', { ...validOrder, amount: '50' }, /amount must be a number greater than 0/],
    ['no amount', { ...validOrder, amount: undefined }, /amount must be a number greater than 0/],
    ['no items', { ...validOrder, items: undefined }, /items must be a non-empty array/],
    ['empty items', { ...validOrder, items: [] }, /items must be a non-empty array/],
    ['items that are not an array', { ...validOrder, items: 'sku-1' }, /items must be a non-empty array/],
    ['an item that is not an object', { ...validOrder, items: [5] }, /items\[0\] must be an object/],
    ['an item without productId', { ...validOrder, items: [{ quantity: 1, price: 1 }] }, /items\[0\]\.productId/],
    ['an item with quantity 0', { ...validOrder, items: [{ productId: 'a', quantity: 0, price: 1 }] }, /items\[0\]\.quantity/],
    ['an item with a fractional quantity', { ...validOrder, items: [{ productId: 'a', quantity: 1.5, price: 1 }] }, /items\[0\]\.quantity/],
    ['an item with a negative price', { ...validOrder, items: [{ productId: 'a', quantity: 1, price: -1 }] }, /items\[0\]\.price/],
    ['an item with a string price', { ...validOrder, items: [{ productId: 'a', quantity: 1, price: '1' }] }, /items\[0\]\.price/],
    ['a customerId that is not a string', { ...validOrder, customerId: 12 }, /customerId/],
  ])('rejects an order with %s', (_case, order, message) => {
    const result = validateOrder(order);
    expect(result.valid).toBe(false);
    expect(result.valid === false && result.error).toMatch(message);
  });

  test.each([null, undefined, 'order', 42, []])('rejects %p as not an object', (input) => {
    expect(validateOrder(input)).toEqual({ valid: false, orderId: null, error: 'The order must be a JSON object.' });
  });

  test('reports the orderId of an invalid order, or null when it has none', () => {
    expect(validateOrder({ ...validOrder, amount: 0 })).toMatchObject({ valid: false, orderId: 'order-1' });
    expect(validateOrder({ ...validOrder, orderId: undefined })).toMatchObject({ valid: false, orderId: null });
  });

  test('lists every problem it finds', () => {
    const result = validateOrder({ orderId: 'order-2', amount: -1, items: [{ productId: 'a', quantity: 0, price: 1 }] });
    expect(result.valid === false && result.error).toBe(
      'amount must be a number greater than 0. items[0].quantity must be a whole number greater than 0.',
    );
  });
});
