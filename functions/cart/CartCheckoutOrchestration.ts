import { defineOrchestration } from '../../src/extension';
import { type CartCheckoutInput, type CartCheckoutResult, checkoutCart } from './checkoutCart';

// Here rather than in the entry file so HTTP handlers can start it by reference without a circular import.
export const CartCheckoutOrchestration = defineOrchestration<CartCheckoutInput, CartCheckoutResult>(
  'CartCheckoutOrchestration',
  checkoutCart,
);
