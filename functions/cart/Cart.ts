/** One line of a cart; `price` is per unit. */
export interface CartItem {
  productId: string;
  name?: string;
  quantity: number;
  price: number;
}

/** What the ShoppingCart entity stores. */
export interface CartState {
  items: CartItem[];
}

/** A cart as callers see it. */
export interface CartView {
  items: CartItem[];
  /** Sum of price × quantity, rounded to cents. */
  total: number;
}

export function describeCart(state: CartState): CartView {
  const total = state.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  // Binary floating point makes 0.1 × 3 come out as 0.30000000000000004.
  return { items: state.items, total: Math.round(total * 100) / 100 };
}
