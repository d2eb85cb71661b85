import type { OrchestrationContext, Task } from 'durable-functions';
import { replaySafeLogger, taskFailureMessage } from '../../src/extension';
import type { PaymentReceipt } from './services/PaymentService';
import { APPROVAL_EVENT, isApproved } from './approvalDecision';
import { readApprovalSettings } from './approvalSettings';
import type { Order, OrderResult } from './Order';
import { CreateShipmentActivity, ProcessPaymentActivity, ValidateOrderActivity } from './orderActivities';

// Read at load so a bad setting stops the app at start instead of failing orders one by one.
const approval = readApprovalSettings();

/**
 * The order workflow (validate, wait for approval when large, pay, ship) as a generator that any
 * orchestration runs with `yield*`; activities only, so it also runs inside a critical section.
 */
export function* processOrder(context: OrchestrationContext, input: Order): Generator<Task, OrderResult, any> {
  const log = replaySafeLogger(context);
  const finish = (result: OrderResult): OrderResult => {
    context.df.setCustomStatus({ stage: result.status, orderId: result.orderId });
    log.info(`Order ${result.orderId} finished as ${result.status}.`);
    return result;
  };

  context.df.setCustomStatus({ stage: 'Validating' });
  const validation = yield* ValidateOrderActivity.call(context, input);
  if (!validation.valid) {
    log.warn(`Order ${validation.orderId} is invalid: ${validation.error}`);
    return finish({ orderId: validation.orderId, status: 'ValidationFailed', error: validation.error });
  }
  const order = validation.order;
  const orderId = order.orderId;

  if (order.amount > approval.threshold) {
    const deadline = new Date(context.df.currentUtcDateTime.getTime() + approval.timeoutMs);
    context.df.setCustomStatus({
      stage: 'AwaitingApproval',
      orderId,
      amount: order.amount,
      threshold: approval.threshold,
      event: APPROVAL_EVENT,
      deadline: deadline.toISOString(),
    });
    log.info(`Order ${orderId} of ${order.amount} waits for approval until ${deadline.toISOString()}.`);
    const decision = context.df.waitForExternalEvent(APPROVAL_EVENT);
    const timeout = context.df.createTimer(deadline);
    const winner = yield context.df.Task.any([decision, timeout]);
    if (winner !== decision) {
      return finish({ orderId, status: 'ApprovalTimedOut' });
    }
    // A pending timer would keep the orchestration from completing until the deadline.
    timeout.cancel();
    if (!isApproved(decision.result)) {
      return finish({ orderId, status: 'Rejected' });
    }
  }

  context.df.setCustomStatus({ stage: 'ProcessingPayment', orderId });
  let payment: PaymentReceipt;
  try {
    payment = yield* ProcessPaymentActivity.call(context, order);
  } catch (error) {
    return finish({ orderId, status: 'PaymentFailed', error: taskFailureMessage(error) });
  }

  context.df.setCustomStatus({ stage: 'CreatingShipment', orderId, transactionId: payment.transactionId });
  const shipment = yield* CreateShipmentActivity.call(context, { order, payment });
  return finish({ orderId, status: 'Completed', trackingNumber: shipment.trackingNumber });
}
