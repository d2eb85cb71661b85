import { checkInstanceId } from '../http/instanceId';
import type { Order } from './Order';

/** The instance id of an order's workflow: one instance per order, so a repeated message finds it. */
export function orderInstanceId(orderId: string): string {
  return `order-${orderId}`;
}

function describe(message: unknown): string {
  if (typeof message === 'string') return `the text "${message.length > 40 ? `${message.slice(0, 40)}…` : message}"`;
  return Array.isArray(message) ? 'an array' : message === null ? 'null' : `a ${typeof message}`;
}

/**
 * The order a queue message carries. It only has to name its order: the workflow validates the rest
 * and records a bad order as ValidationFailed. Throws an Error saying why when it cannot even do that.
 */
export function readOrderMessage(message: unknown): Order {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new Error(`An order message must be a JSON object with an orderId; this one is ${describe(message)}.`);
  }
  const orderId = (message as { orderId?: unknown }).orderId;
  if (typeof orderId !== 'string' || orderId.trim() === '') {
    throw new Error('An order message must have an orderId that is a non-empty string.');
  }
  checkInstanceId(orderInstanceId(orderId));
  return message as Order;
}
