import { defineOrchestration } from '../src/extension';
import type { Order, OrderResult } from './orders/Order';
import { processOrder } from './orders/processOrder';

// The workflow lives in processOrder so that CartCheckoutOrchestration runs the same steps inside its critical section.
defineOrchestration<Order, OrderResult>('OrderProcessingOrchestration', processOrder);
