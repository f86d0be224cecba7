/** The shapes the gateway's API answers with (see /openapi.json). */
export interface Money {
  amount: number;
  currency: string;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: Money;
  active: boolean;
}

export interface ProductPage {
  items: Product[];
  total: number;
  limit: number;
  offset: number;
  nextOffset?: number;
}

export interface Stock {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
}

export type OrderStatus = 'PENDING' | 'STOCK_RESERVED' | 'CONFIRMED' | 'CANCELLED' | 'REFUNDED';

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  cancellationReason: string | null;
  lines: { productId: string; sku: string; name: string; quantity: number; unitPrice: Money }[];
  total: Money;
  createdAt: string;
  updatedAt: string;
}

export interface OrderPage {
  items: Order[];
  page: number;
  pageSize: number;
  total: number;
}

export interface TimelineStep {
  at: string;
  step: string;
  status: OrderStatus;
  reason?: string;
  traceId?: string;
}

export interface OrderTimeline {
  orderId: string;
  status: OrderStatus;
  steps: TimelineStep[];
}

export interface InstanceHealth {
  url: string;
  healthy: boolean;
  circuit: 'closed' | 'open' | 'half-open';
  outstanding: number;
  ready: 'up' | 'degraded' | 'down' | 'unreachable';
  checks: Record<string, { status: string }>;
}

export interface Topology {
  gateway: { status: 'up' | 'degraded' | 'down'; checks: Record<string, { status: string }> };
  services: { service: string; instances: InstanceHealth[] }[];
  infrastructure: { name: string; status: 'up' | 'down' | 'unknown'; reportedBy: string[] }[];
  checkedAt: string;
}

export interface SagaStats {
  windowMinutes: number;
  buckets: {
    start: string;
    confirmed: number;
    cancelled: number;
    pending: number;
    p50Ms: number | null;
    p95Ms: number | null;
  }[];
  cancellationReasons: Record<string, number>;
}

export interface DeadLetter {
  id: string;
  topic: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  reason: string;
  error: string;
  consumer: string;
  attempts: number;
  failedAt: string;
  eventId: string | null;
  eventType: string | null;
  value: string | null;
  replayedAt: string | null;
}
