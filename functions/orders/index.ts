import { defineOrchestration, queueStarter } from '../../src/extension';
import type { Order, OrderResult } from './Order';
import { orderInstanceId, readOrderMessage } from './orderMessage';
import { processOrder } from './processOrder';

// The workflow lives in processOrder so that CartCheckoutOrchestration runs the same steps inside its critical section.
const OrderProcessingOrchestration = defineOrchestration<Order, OrderResult>('OrderProcessingOrchestration', processOrder);

// Orders dropped on the `orders` queue (base64-encoded JSON) start the same workflow as POST /api/orchestrators/...
queueStarter<Order>('QueueTriggeredStarter', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  orchestration: OrderProcessingOrchestration,
  parse: readOrderMessage,
  instanceId: (order) => orderInstanceId(order.orderId),
});
