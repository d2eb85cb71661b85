import { defineActivity } from '../../src/extension';
import type { PaymentReceipt } from './services/PaymentService';
import { paymentService, shippingService } from './services/serviceRegistry';
import type { Shipment } from './services/ShippingService';
import type { Order } from './Order';
import { OrderValidation, validateOrder } from './validateOrder';

// Every orchestration that runs the order workflow imports these; the module cache registers each activity once.

// The input is untrusted JSON from a starter, which is why validation accepts anything.
export const ValidateOrderActivity = defineActivity<unknown, OrderValidation>('ValidateOrderActivity', validateOrder);

export const ProcessPaymentActivity = defineActivity<Order, PaymentReceipt>('ProcessPaymentActivity', (order) =>
  paymentService().charge(order),
);

export const CreateShipmentActivity = defineActivity<{ order: Order; payment: PaymentReceipt }, Shipment>(
  'CreateShipmentActivity',
  ({ order, payment }) => shippingService().createShipment(order, payment),
);
