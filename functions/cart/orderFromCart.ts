import type { Order } from '../orders/Order';
import type { CartView } from './Cart';

/** The order a checkout places for a cart's items; the amount is the cart's total. */
export function orderFromCart(orderId: string, cart: CartView, customerId?: string): Order {
  const order: Order = {
    orderId,
    items: cart.items.map(({ productId, quantity, price }) => ({ productId, quantity, price })),
    amount: cart.total,
  };
  if (customerId !== undefined) {
    order.customerId = customerId;
  }
  return order;
}
