import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeadLetterReason, DeliveredMessage } from '../kafka/consumer.ts';

/**
 * The saga's messaging metrics of one service, the same names everywhere so one dashboard
 * reads them all. Spread `relay` into createOutboxRelay's options and `consumer` into
 * createEventConsumer's.
 */
export function createMessagingMetrics(registry: Registry) {
  const backlog = new Gauge({
    name: 'outbox_backlog_events',
    help: 'Outbox events committed but not yet acknowledged by Kafka.',
    registers: [registry],
  });
  const published = new Counter({
    name: 'events_published_total',
    help: 'Events the outbox relay published and Kafka acknowledged.',
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: 'events_dead_lettered_total',
    help: 'Consumed events sent to the dead-letter topic, by topic and reason.',
    labelNames: ['topic', 'reason'],
    registers: [registry],
  });
  const handled = new Counter({
    name: 'events_handled_total',
    help: 'Consumed events whose handler committed, by topic; duplicates are not counted.',
    labelNames: ['topic'],
    registers: [registry],
  });
  return {
    relay: {
      onBacklog: (size: number) => backlog.set(size),
      onPublished: (count: number) => published.inc(count),
    },
    consumer: {
      onHandled: (event: { type: string }) => handled.inc({ topic: event.type }),
      onDeadLetter: (reason: DeadLetterReason, _error: unknown, message: DeliveredMessage) =>
        deadLettered.inc({ topic: message.topic, reason }),
    },
  };
}
