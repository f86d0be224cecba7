import { randomUUID } from 'node:crypto';
import type { EventContract, EventData } from './contracts/define-contract.ts';
import { assertValid } from './validation.ts';

/**
 * A CloudEvents 1.0 event in its JSON format. `subject` is the order id, which is also the Kafka
 * key, so one order's events stay on one partition per topic.
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: TData;
}

/** The envelope of one contract's events. */
export type EventOf<C extends EventContract> = EventEnvelope<C['type'], EventData<C>>;

export interface NewEvent<C extends EventContract> {
  /** The producing service, e.g. `order-service`. */
  source: string;
  /** The aggregate the event is about (the order id); becomes the Kafka key. */
  subject: string;
  data: EventData<C>;
  id?: string;
  time?: Date;
}

/** Builds an envelope, refusing data that its contract's schema rejects. */
export function createEvent<C extends EventContract>(contract: C, event: NewEvent<C>): EventOf<C> {
  const envelope: EventOf<C> = {
    specversion: '1.0',
    id: event.id ?? randomUUID(),
    source: event.source,
    type: contract.type,
    time: (event.time ?? new Date()).toISOString(),
    subject: event.subject,
    datacontenttype: 'application/json',
    data: event.data,
  };
  assertValid(contract, envelope);
  return envelope;
}
