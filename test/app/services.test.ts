import type { Order } from '../../functions/orders/Order';
import { DECLINED_CUSTOMER_ID, InProcessPaymentService } from '../../functions/orders/services/InProcessPaymentService';
import { InProcessShippingService } from '../../functions/orders/services/InProcessShippingService';
import type { PaymentService } from '../../functions/orders/services/PaymentService';
import {
  paymentService,
  setPaymentService,
  setShippingService,
  shippingService,
} from '../../functions/orders/services/serviceRegistry';
import type { ShippingService } from '../../functions/orders/services/ShippingService';

const order: Order = { orderId: 'order-1', customerId: 'customer-1', items: [{ productId: 'a', quantity: 1, price: 10 }], amount: 10 };

describe('InProcessPaymentService', () => {
  test('charges the order amount and returns a TXN- transaction id', async () => {
    const receipt = await new InProcessPaymentService().charge(order);
    expect(receipt).toEqual({ transactionId: expect.stringMatching(/^TXN-[0-9A-F]{12}$/), amount: 10 });
  });

  test(`declines customer '${DECLINED_CUSTOMER_ID}' with a message saying so`, async () => {
    await expect(new InProcessPaymentService().charge({ ...order, customerId: DECLINED_CUSTOMER_ID })).rejects.toThrow(
      /^Payment declined: .*order-1/,
    );
  });

  test('returns the first receipt when the same order is charged again', async () => {
    const service = new InProcessPaymentService();
    const first = await service.charge(order);
    expect(await service.charge(order)).toEqual(first);
    expect(await service.charge({ ...order, orderId: 'order-2' })).not.toEqual(first);
  });
});

describe('InProcessShippingService', () => {
  test('returns a TRK- tracking number, the same one for a repeated booking', async () => {
    const service = new InProcessShippingService();
    const payment = { transactionId: 'TXN-1', amount: 10 };
    const shipment = await service.createShipment(order, payment);
    expect(shipment.trackingNumber).toMatch(/^TRK-[0-9A-F]{10}$/);
    expect(await service.createShipment(order, payment)).toEqual(shipment);
  });
});

describe('serviceRegistry', () => {
  test('uses the in-process services by default', () => {
    expect(paymentService()).toBeInstanceOf(InProcessPaymentService);
    expect(shippingService()).toBeInstanceOf(InProcessShippingService);
  });

  test('swaps in another implementation and hands back the previous one', async () => {
    const fakePayment: PaymentService = { charge: async (o) => ({ transactionId: 'FAKE', amount: o.amount }) };
    const fakeShipping: ShippingService = { createShipment: async () => ({ trackingNumber: 'FAKE-TRK' }) };
    const previousPayment = setPaymentService(fakePayment);
    const previousShipping = setShippingService(fakeShipping);
    try {
      expect(await paymentService().charge(order)).toEqual({ transactionId: 'FAKE', amount: 10 });
      expect(await shippingService().createShipment(order, { transactionId: 'FAKE', amount: 10 })).toEqual({
        trackingNumber: 'FAKE-TRK',
      });
    } finally {
      setPaymentService(previousPayment);
      setShippingService(previousShipping);
    }
    expect(paymentService()).toBe(previousPayment);
  });
});
