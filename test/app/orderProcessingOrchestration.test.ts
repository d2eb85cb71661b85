jest.mock('durable-functions', () => jest.requireActual('../support/fakes/durableFunctionsMock').durableFunctionsMock());

import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import '../../functions/orders';
import { DECLINED_CUSTOMER_ID } from '../../functions/orders/services/InProcessPaymentService';
import {
  FAKE_NOW,
  FakeTask,
  fakeOrchestrationContext,
  runOrchestrator,
  TaskOutcome,
} from '../support/fakes/fakeOrchestrationContext';
import { registeredActivity, registeredOrchestrator } from '../support/fakes/registeredDurableFunctions';

type ApprovalOutcome = { approved: boolean } | 'no answer';

/** Runs OrderProcessingOrchestration, executing its activities for real and settling the approval race as told. */
async function processOrder(order: unknown, approval: ApprovalOutcome = 'no answer') {
  const fake = fakeOrchestrationContext(order);
  const answer = async (task: FakeTask): Promise<TaskOutcome> => {
    if (task.kind === 'activity') {
      try {
        return { value: await registeredActivity(task.name)(task.input, new InvocationContext({ functionName: task.name })) };
      } catch (error) {
        // How the runtime reports an activity's error back to the orchestrator.
        const errorMessage = (error as Error).message;
        return { error: new df.TaskFailedError({ errorType: 'Error', errorMessage, isNonRetriable: false, isCausedBy: () => false }) };
      }
    }
    if (task.kind === 'any') {
      const [event, timer] = task.tasks;
      if (approval === 'no answer') {
        return { value: timer };
      }
      Object.assign(event, { result: approval });
      return { value: event };
    }
    throw new Error(`Unexpected task ${JSON.stringify(task)}`);
  };
  const result = await runOrchestrator(registeredOrchestrator('OrderProcessingOrchestration')(fake.context), answer);
  const activities = fake.scheduled.filter((task) => task.kind === 'activity').map((task) => (task as { name: string }).name);
  return { result, activities, ...fake };
}

const smallOrder = { orderId: 'order-1', customerId: 'c-1', items: [{ productId: 'a', quantity: 1, price: 50 }], amount: 50 };
const largeOrder = { ...smallOrder, orderId: 'order-big', amount: 25000 };

describe('OrderProcessingOrchestration', () => {
  test('validates, pays and ships a valid order', async () => {
    const { result, activities, customStatuses } = await processOrder(smallOrder);
    expect(result).toEqual({ orderId: 'order-1', status: 'Completed', trackingNumber: expect.stringMatching(/^TRK-/) });
    expect(activities).toEqual(['ValidateOrderActivity', 'ProcessPaymentActivity', 'CreateShipmentActivity']);
    expect(customStatuses.map((status) => (status as { stage: string }).stage)).toEqual([
      'Validating',
      'ProcessingPayment',
      'CreatingShipment',
      'Completed',
    ]);
  });

  test('stops an invalid order before payment', async () => {
    const { result, activities } = await processOrder({ ...smallOrder, amount: 0 });
    expect(result).toEqual({ orderId: 'order-1', status: 'ValidationFailed', error: 'amount must be a number greater than 0.' });
    expect(activities).toEqual(['ValidateOrderActivity']);
  });

  test('reports a declined payment with the activity\'s message and ships nothing', async () => {
    const { result, activities } = await processOrder({ ...smallOrder, customerId: DECLINED_CUSTOMER_ID });
    expect(result).toEqual({ orderId: 'order-1', status: 'PaymentFailed', error: expect.stringMatching(/^Payment declined: /) });
    expect(activities).toEqual(['ValidateOrderActivity', 'ProcessPaymentActivity']);
  });

  test('an order at the threshold goes through without approval', async () => {
    const { result, scheduled } = await processOrder({ ...smallOrder, amount: 10000 });
    expect(result).toMatchObject({ status: 'Completed' });
    expect(scheduled.some((task) => task.kind === 'event')).toBe(false);
  });

  test('a large order waits for ApprovalReceived against a 72 hour timer, then completes when approved', async () => {
    const { result, scheduled, customStatuses } = await processOrder(largeOrder, { approved: true });
    const deadline = new Date(FAKE_NOW.getTime() + 72 * 60 * 60 * 1000);
    expect(scheduled).toContainEqual({ kind: 'event', name: 'ApprovalReceived', result: { approved: true } });
    const timer = scheduled.find((task) => task.kind === 'timer') as Extract<FakeTask, { kind: 'timer' }>;
    expect(timer.fireAt).toEqual(deadline);
    expect(timer.cancel).toHaveBeenCalled();
    expect(customStatuses).toContainEqual(
      expect.objectContaining({ stage: 'AwaitingApproval', orderId: 'order-big', deadline: deadline.toISOString() }),
    );
    expect(result).toMatchObject({ orderId: 'order-big', status: 'Completed' });
  });

  test('a rejected large order is not charged', async () => {
    const { result, activities } = await processOrder(largeOrder, { approved: false });
    expect(result).toEqual({ orderId: 'order-big', status: 'Rejected' });
    expect(activities).toEqual(['ValidateOrderActivity']);
  });

  test('a large order with no answer before the deadline times out uncharged', async () => {
    const { result, activities } = await processOrder(largeOrder, 'no answer');
    expect(result).toEqual({ orderId: 'order-big', status: 'ApprovalTimedOut' });
    expect(activities).toEqual(['ValidateOrderActivity']);
  });
});
