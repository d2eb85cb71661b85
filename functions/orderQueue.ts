import { queueStarter } from '../src/extension';
import type { Order } from './orders/Order';
import { orderInstanceId, readOrderMessage } from './orders/orderMessage';

// Orders dropped on the `orders` queue (base64-encoded JSON) start the same workflow as POST /api/orchestrators/...
queueStarter<Order>('QueueTriggeredStarter', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  // By name: the orchestration is registered in orders.ts, another entry file.
  orchestration: 'OrderProcessingOrchestration',
  parse: readOrderMessage,
  instanceId: (order) => orderInstanceId(order.orderId),
});
