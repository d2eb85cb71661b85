import { DurableEntity } from '../../src/extension';
import { CartItem, CartState, CartView, describeCart } from './Cart';
import { readCartItem, readProductId } from './readCartItem';

/** A customer's cart as a class-based entity: each public method is an operation. */
export class ShoppingCart extends DurableEntity<CartState> {
  initialState(): CartState {
    return { items: [] };
  }

  /** Adding a product already in the cart adds to its quantity; its price and name become the latest given. */
  addItem(item: CartItem): CartView {
    // Signals can come from any client, not only the validated HTTP route.
    const added = readCartItem(item);
    const existing = this.state.items.find((line) => line.productId === added.productId);
    if (existing) {
      existing.quantity += added.quantity;
      existing.price = added.price;
      if (added.name !== undefined) {
        existing.name = added.name;
      }
    } else {
      this.state.items.push(added);
    }
    return describeCart(this.state);
  }

  /** Removing a product that is not in the cart changes nothing. */
  removeItem(productId: string): CartView {
    const removed = readProductId(productId);
    this.state.items = this.state.items.filter((line) => line.productId !== removed);
    return describeCart(this.state);
  }

  getCart(): CartView {
    return describeCart(this.state);
  }

  clear(): void {
    this.state.items = [];
  }
}
