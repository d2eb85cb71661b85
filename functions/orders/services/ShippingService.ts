import type { Order } from '../Order';
import type { PaymentReceipt } from './PaymentService';

export interface Shipment {
  trackingNumber: string;
}

/** Books the shipment of a paid order. */
export interface ShippingService {
  createShipment(order: Order, payment: PaymentReceipt): Promise<Shipment>;
}
