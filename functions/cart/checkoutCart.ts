import type { DurableLock, OrchestrationContext, Task } from 'durable-functions';
import { replaySafeLogger } from '../../src/extension';
import type { OrderResult } from '../orders/Order';
import { processOrder } from '../orders/processOrder';
import { orderFromCart } from './orderFromCart';
import { ShoppingCartEntity } from './ShoppingCartEntity';

/** The input of CartCheckoutOrchestration. */
export interface CartCheckoutInput {
  cartKey: string;
  customerId?: string;
}

export type CartCheckoutResult = OrderResult | { cartKey: string; status: 'EmptyCart' };

/**
 * Checks out a cart: while this orchestration holds the cart's lock, it reads the cart, runs the
 * order workflow on its items and empties the cart when the order completes. Operations sent to
 * the cart meanwhile wait for the lock, so an item added during checkout stays in the cart.
 */
export function* checkoutCart(context: OrchestrationContext, input: CartCheckoutInput): Generator<Task, CartCheckoutResult, any> {
  const { cartKey, customerId } = readCartCheckoutInput(input);
  const log = replaySafeLogger(context);
  context.df.setCustomStatus({ stage: 'LockingCart', cartKey });
  const lock: DurableLock = yield context.df.lock(ShoppingCartEntity.entityId(cartKey));
  try {
    const cart = yield* ShoppingCartEntity.call(context, cartKey, 'getCart');
    if (cart.items.length === 0) {
      context.df.setCustomStatus({ stage: 'EmptyCart', cartKey });
      log.info(`Cart ${cartKey} is empty; nothing to check out.`);
      return { cartKey, status: 'EmptyCart' };
    }
    const orderId = `cart-${cartKey}-${context.df.newGuid(context.df.instanceId)}`;
    // Activities only from here on: the SDK forbids sub-orchestrations inside a critical section.
    const result = yield* processOrder(context, orderFromCart(orderId, cart, customerId));
    if (result.status === 'Completed') {
      yield* ShoppingCartEntity.call(context, cartKey, 'clear');
      log.info(`Cart ${cartKey} checked out as order ${orderId}.`);
    }
    return result;
  } finally {
    lock.release();
  }
}

// The orchestration can also be started by name with any JSON, so a bad input fails it with a clear message.
function readCartCheckoutInput(input: unknown): CartCheckoutInput {
  const { cartKey, customerId } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof cartKey !== 'string' || cartKey === '') {
    throw new Error('CartCheckoutOrchestration needs an input like {"cartKey": "alice", "customerId": "c-7"}.');
  }
  if (customerId !== undefined && typeof customerId !== 'string') {
    throw new Error('CartCheckoutOrchestration: customerId, when given, must be a string.');
  }
  return customerId === undefined ? { cartKey } : { cartKey, customerId };
}
