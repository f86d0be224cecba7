export { buildAsyncApiDocument, renderAsyncApiDocument } from './asyncapi/document.ts';
export { type BackoffOptions, backoffDelay } from './backoff.ts';
export { Email, Money, OrderLine, ReservedLine } from './contracts/common.ts';
export {
  defineContract,
  type EventContract,
  type EventData,
  type ProducerService,
} from './contracts/define-contract.ts';
export {
  InventoryCommitted,
  InventoryRejected,
  InventoryReleased,
  InventoryReserved,
} from './contracts/inventory-events.ts';
export {
  OrderCancellationReason,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
  OrderRefunded,
} from './contracts/order-events.ts';
export { PaymentFailed, PaymentRefunded, PaymentSucceeded } from './contracts/payment-events.ts';
export {
  contracts,
  findContract,
  type SagaContract,
  type SagaEventType,
} from './contracts/registry.ts';
export {
  createDeadLetterBrowser,
  type DeadLetterBrowser,
  type DeadLetterBrowserOptions,
} from './dead-letters/dead-letter-browser.ts';
export {
  type DeadLetterEntry,
  deadLetterEntry,
  type RawDeadLetter,
  replayRecord,
} from './dead-letters/dead-letter-entry.ts';
export { createEvent, type EventEnvelope, type EventOf, type NewEvent } from './envelope.ts';
export { envelopeSchema } from './envelope-schema.ts';
export { recordBatchInInbox, recordInInbox } from './inbox/inbox.ts';
export { type EnsureTopicsOptions, ensureTopics } from './kafka/admin.ts';
export type { EventsLogger, KafkaSettings } from './kafka/client.ts';
export {
  createEventConsumer,
  type DeadLetterReason,
  type DeliveredMessage,
  type EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
  NonRetryableEventError,
  type TransactionRunner,
} from './kafka/consumer.ts';
export { type OutgoingRecord, STRUCTURED_CONTENT_TYPE } from './kafka/message.ts';
export { createKafkaProbe, type KafkaProbe } from './kafka/probe.ts';
export {
  createEventProducer,
  type EventProducer,
  type EventProducerOptions,
} from './kafka/producer.ts';
export { enqueue, OUTBOX_CHANNEL } from './outbox/enqueue.ts';
export { createOutboxPool } from './outbox/pool.ts';
export {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRow,
} from './outbox/relay.ts';
export { pgTransaction } from './pg-transaction.ts';
export {
  type ConsumerLagMetric,
  type ConsumerLagOptions,
  createConsumerLagMetric,
} from './service/consumer-lag.ts';
export { createMessagingMetrics } from './service/messaging-metrics.ts';
export { type PartitionOffsets, partitionLag } from './service/partition-lag.ts';
export {
  type MessagingHost,
  type ServiceMessaging,
  type ServiceMessagingOptions,
  startServiceMessaging,
} from './service/service-messaging.ts';
export type { PgLikeClient, PrismaLikeClient, TransactionClient } from './sql-client.ts';
export { deadLetterTopic, prefixedTopic, type TopicName, unprefixedTopic } from './topics.ts';
export {
  eventsTracer,
  extractTraceContext,
  injectTraceHeaders,
  type KafkaHeaders,
} from './tracing.ts';
export { EventValidationError, validateEnvelope } from './validation.ts';
