import type { EventContract } from './define-contract.ts';
import {
  InventoryCommitted,
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
} from './inventory-events.ts';
import { OrderCancelled, OrderConfirmed, OrderCreated, OrderRefunded } from './order-events.ts';
import { PaymentFailed, PaymentRefunded, PaymentSucceeded } from './payment-events.ts';

/** Every event of the order saga, in the order the saga usually emits them. */
export const contracts = [
  OrderCreated,
  InventoryReserved,
  InventoryRejected,
  PaymentSucceeded,
  PaymentFailed,
  OrderConfirmed,
  OrderCancelled,
  InventoryReleased,
  InventoryCommitted,
  PaymentRefunded,
  OrderRefunded,
] as const satisfies readonly EventContract[];

export type SagaContract = (typeof contracts)[number];
export type SagaEventType = SagaContract['type'];

const byType = new Map<string, EventContract>(contracts.map((c) => [c.type, c]));

export function findContract(type: string): EventContract | undefined {
  return byType.get(type);
}
