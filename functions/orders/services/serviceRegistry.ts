/*
 * The payment and shipping services the order activities use.
 * The defaults run in-process (see InProcessPaymentService, InProcessShippingService). To use a real
 * provider, implement PaymentService / ShippingService and call setPaymentService(impl) /
 * setShippingService(impl) at load time, e.g. at the top of functions/orders/index.ts, before any activity runs.
 * Tests swap them the same way; each setter returns the previous implementation so it can be restored.
 */
import { InProcessPaymentService } from './InProcessPaymentService';
import { InProcessShippingService } from './InProcessShippingService';
import type { PaymentService } from './PaymentService';
import type { ShippingService } from './ShippingService';

let currentPayment: PaymentService = new InProcessPaymentService();
let currentShipping: ShippingService = new InProcessShippingService();

export function paymentService(): PaymentService {
  return currentPayment;
}

export function shippingService(): ShippingService {
  return currentShipping;
}

export function setPaymentService(implementation: PaymentService): PaymentService {
  const previous = currentPayment;
  currentPayment = implementation;
  return previous;
}

export function setShippingService(implementation: ShippingService): ShippingService {
  const previous = currentShipping;
  currentShipping = implementation;
  return previous;
}
