import type { Order } from '../Order';

export interface PaymentReceipt {
  transactionId: string;
  amount: number;
}

/** Charges an order; rejects with an Error whose message says why when the charge is declined. */
export interface PaymentService {
  charge(order: Order): Promise<PaymentReceipt>;
}
