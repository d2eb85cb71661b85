import type { Order, OrderItem } from './Order';

export type OrderValidation =
  | { valid: true; order: Order }
  | { valid: false; orderId: string | null; error: string };

/**
 * Checks an order that arrived as untrusted JSON. A valid order comes back with only the known
 * fields; an invalid one comes back with every problem found, joined into one message.
 */
export function validateOrder(input: unknown): OrderValidation {
  if (!isPlainObject(input)) {
    return { valid: false, orderId: null, error: 'The order must be a JSON object.' };
  }
  const orderId = typeof input.orderId === 'string' && input.orderId.trim() !== '' ? input.orderId : null;
  const problems: string[] = [];

  if (orderId === null) {
    problems.push('orderId is required and must be a non-empty string.');
  }
  if (input.customerId !== undefined && typeof input.customerId !== 'string') {
    problems.push('customerId, when given, must be a string.');
  }
  if (!isPositiveNumber(input.amount)) {
    problems.push('amount must be a number greater than 0.');
  }
  if (!Array.isArray(input.items) || input.items.length === 0) {
    problems.push('items must be a non-empty array.');
  } else {
    input.items.forEach((item, index) => problems.push(...itemProblems(item, `items[${index}]`)));
  }

  if (problems.length > 0) {
    return { valid: false, orderId, error: problems.join(' ') };
  }
  const items = (input.items as OrderItem[]).map(({ productId, quantity, price }) => ({ productId, quantity, price }));
  const order: Order = { orderId: orderId as string, items, amount: input.amount as number };
  if (typeof input.customerId === 'string') {
    order.customerId = input.customerId;
  }
  return { valid: true, order };
}

function itemProblems(item: unknown, label: string): string[] {
  if (!isPlainObject(item)) {
    return [`${label} must be an object with productId, quantity and price.`];
  }
  const problems: string[] = [];
  if (typeof item.productId !== 'string' || item.productId.trim() === '') {
    problems.push(`${label}.productId must be a non-empty string.`);
  }
  if (!Number.isInteger(item.quantity) || (item.quantity as number) <= 0) {
    problems.push(`${label}.quantity must be a whole number greater than 0.`);
  }
  if (typeof item.price !== 'number' || !Number.isFinite(item.price) || item.price < 0) {
    problems.push(`${label}.price must be a number of at least 0.`);
  }
  return problems;
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
