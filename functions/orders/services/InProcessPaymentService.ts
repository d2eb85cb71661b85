import { randomBytes } from 'node:crypto';
import type { Order } from '../Order';
import type { PaymentReceipt, PaymentService } from './PaymentService';

/** Orders from this customer are declined, so the failure path can be exercised end to end. */
export const DECLINED_CUSTOMER_ID = 'declined-card';

/** A stand-in payment provider that approves every charge except those of {@link DECLINED_CUSTOMER_ID}. */
export class InProcessPaymentService implements PaymentService {
  // Activities run at least once, so a repeated charge of the same order returns the first receipt, as a provider's idempotency key would.
  private readonly receiptsByOrderId = new Map<string, PaymentReceipt>();

  async charge(order: Order): Promise<PaymentReceipt> {
    if (order.customerId === DECLINED_CUSTOMER_ID) {
      throw new Error(
        `Payment declined: the card of customer '${DECLINED_CUSTOMER_ID}' was refused for order ${order.orderId}.`,
      );
    }
    const earlier = this.receiptsByOrderId.get(order.orderId);
    if (earlier) {
      return earlier;
    }
    const receipt = { transactionId: `TXN-${randomBytes(6).toString('hex').toUpperCase()}`, amount: order.amount };
    this.receiptsByOrderId.set(order.orderId, receipt);
    return receipt;
  }
}
