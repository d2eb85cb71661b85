import { randomBytes } from 'node:crypto';
import type { Order } from '../Order';
import type { PaymentReceipt } from './PaymentService';
import type { Shipment, ShippingService } from './ShippingService';

/** A stand-in carrier that books every shipment and hands out a `TRK-` tracking number. */
export class InProcessShippingService implements ShippingService {
  // A repeated booking of the same order (activities run at least once) gets the same tracking number.
  private readonly shipmentsByOrderId = new Map<string, Shipment>();

  async createShipment(order: Order, _payment: PaymentReceipt): Promise<Shipment> {
    const earlier = this.shipmentsByOrderId.get(order.orderId);
    if (earlier) {
      return earlier;
    }
    const shipment = { trackingNumber: `TRK-${randomBytes(5).toString('hex').toUpperCase()}` };
    this.shipmentsByOrderId.set(order.orderId, shipment);
    return shipment;
  }
}
