export interface OrderItem {
  productId: string;
  quantity: number;
  price: number;
}

/** The input of OrderProcessingOrchestration. */
export interface Order {
  orderId: string;
  customerId?: string;
  items: OrderItem[];
  amount: number;
}

/** What OrderProcessingOrchestration returns; `status` tells which way the order went. */
export type OrderResult =
  | { orderId: string; status: 'Completed'; trackingNumber: string }
  // orderId is null when the order itself had none to report.
  | { orderId: string | null; status: 'ValidationFailed'; error: string }
  | { orderId: string; status: 'Rejected' }
  | { orderId: string; status: 'ApprovalTimedOut' }
  | { orderId: string; status: 'PaymentFailed'; error: string };
