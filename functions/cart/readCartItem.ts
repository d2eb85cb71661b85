import type { CartItem } from './Cart';

/**
 * Checks a cart item that arrived as untrusted JSON and returns it with only the known fields;
 * throws an Error naming every problem found.
 */
export function readCartItem(value: unknown): CartItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('A cart item must be a JSON object with productId, quantity and price (and optionally name).');
  }
  const { productId, name, quantity, price } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof productId !== 'string' || productId.trim() === '') {
    problems.push('productId must be a non-empty string.');
  }
  if (name !== undefined && typeof name !== 'string') {
    problems.push('name, when given, must be a string.');
  }
  if (!Number.isInteger(quantity) || (quantity as number) <= 0) {
    problems.push('quantity must be a whole number greater than 0.');
  }
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
    problems.push('price must be a number of at least 0.');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid cart item: ${problems.join(' ')}`);
  }
  const item: CartItem = { productId: productId as string, quantity: quantity as number, price: price as number };
  if (typeof name === 'string') {
    item.name = name;
  }
  return item;
}

/** Checks the productId given to `removeItem`. */
export function readProductId(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error('removeItem needs a productId: a non-empty string.');
  }
  return value;
}
