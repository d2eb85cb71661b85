jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import '../../functions/cart';
import '../../functions/orders';
import type { CartView } from '../../functions/cart/Cart';
import { DECLINED_CUSTOMER_ID } from '../../functions/orders/services/InProcessPaymentService';
import { FakeTask, fakeOrchestrationContext, runOrchestrator, TaskOutcome } from '../support/fakes/fakeOrchestrationContext';
import { registeredActivity, registeredOrchestrator } from '../support/fakes/registeredDurableFunctions';

const fullCart: CartView = {
  items: [
    { productId: 'apple', name: 'Apple', quantity: 2, price: 0.5 },
    { productId: 'pear', quantity: 1, price: 1.25 },
  ],
  total: 2.25,
};

/** Runs CartCheckoutOrchestration against a cart, with its activities executed for real; returns what happened, in order. */
async function checkout(input: unknown, cart: CartView) {
  const fake = fakeOrchestrationContext(input, 'checkout-1');
  const release = jest.fn();
  const steps: string[] = [];
  const answer = async (task: FakeTask): Promise<TaskOutcome> => {
    if (task.kind === 'lock') {
      steps.push(`lock ${task.entities.join(',')}`);
      return { value: { release: () => (release(), steps.push('release')) } };
    }
    if (task.kind === 'entityCall') {
      steps.push(`${task.entity}@${task.key}.${task.operation}`);
      return { value: task.operation === 'getCart' ? cart : undefined };
    }
    if (task.kind === 'activity') {
      steps.push(task.name);
      try {
        return { value: await registeredActivity(task.name)(task.input, new InvocationContext({ functionName: task.name })) };
      } catch (error) {
        const errorMessage = (error as Error).message;
        return { error: new df.TaskFailedError({ errorType: 'Error', errorMessage, isNonRetriable: false, isCausedBy: () => false }) };
      }
    }
    throw new Error(`Unexpected task ${JSON.stringify(task)}`);
  };
  const result = await runOrchestrator(registeredOrchestrator('CartCheckoutOrchestration')(fake.context), answer);
  const orderInput = fake.scheduled.find((task) => task.kind === 'activity' && task.name === 'ValidateOrderActivity');
  return { result, steps, release, order: (orderInput as { input?: unknown } | undefined)?.input };
}

describe('CartCheckoutOrchestration', () => {
  test("under the cart's lock, orders the cart's items for its total, then clears the cart and releases the lock", async () => {
    const { result, steps, release, order } = await checkout({ cartKey: 'alice', customerId: 'c-7' }, fullCart);
    expect(steps).toEqual([
      'lock ShoppingCart@alice',
      'ShoppingCart@alice.getCart',
      'ValidateOrderActivity',
      'ProcessPaymentActivity',
      'CreateShipmentActivity',
      'ShoppingCart@alice.clear',
      'release',
    ]);
    expect(release).toHaveBeenCalledTimes(1);
    expect(order).toEqual({
      orderId: 'cart-alice-00000000-0000-0000-0000-000000000001',
      customerId: 'c-7',
      items: [
        { productId: 'apple', quantity: 2, price: 0.5 },
        { productId: 'pear', quantity: 1, price: 1.25 },
      ],
      amount: 2.25,
    });
    expect(result).toEqual({
      orderId: 'cart-alice-00000000-0000-0000-0000-000000000001',
      status: 'Completed',
      trackingNumber: expect.stringMatching(/^TRK-/),
    });
  });

  test('an empty cart ends as EmptyCart without an order, and the lock is released', async () => {
    const { result, steps } = await checkout({ cartKey: 'bob' }, { items: [], total: 0 });
    expect(result).toEqual({ cartKey: 'bob', status: 'EmptyCart' });
    expect(steps).toEqual(['lock ShoppingCart@bob', 'ShoppingCart@bob.getCart', 'release']);
  });

  test('a declined payment keeps the items in the cart and still releases the lock', async () => {
    const { result, steps } = await checkout({ cartKey: 'carol', customerId: DECLINED_CUSTOMER_ID }, fullCart);
    expect(result).toMatchObject({ status: 'PaymentFailed', error: expect.stringMatching(/^Payment declined/) });
    expect(steps).not.toContain('ShoppingCart@carol.clear');
    expect(steps[steps.length - 1]).toBe('release');
  });

  test.each([undefined, {}, { cartKey: '' }, { cartKey: 'dave', customerId: 7 }])('fails at once with a clear message for the input %p', async (input) => {
    await expect(checkout(input, fullCart)).rejects.toThrow(/CartCheckoutOrchestration/);
  });
});
