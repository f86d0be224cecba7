import type { Static, TSchema } from 'typebox';

/** Which service is the only one allowed to publish an event type. */
export type ProducerService =
  | 'user-service'
  | 'product-service'
  | 'inventory-service'
  | 'order-service'
  | 'payment-service'
  | 'notification-service';

/**
 * One event type, defined once: its versioned name, the Kafka topic it travels on, and the JSON
 * Schema of its `data` (which is also its TypeScript type).
 */
export interface EventContract<TType extends string = string, TSchemaOf extends TSchema = TSchema> {
  /** Versioned CloudEvents `type`, e.g. `order.created.v1`. */
  readonly type: TType;
  /** Unversioned name, e.g. `order.created`. */
  readonly name: string;
  readonly version: number;
  /** One topic per event type, named exactly as the type. */
  readonly topic: TType;
  readonly producer: ProducerService;
  readonly description: string;
  /** JSON Schema of the envelope's `data`. */
  readonly schema: TSchemaOf;
}

/** The `data` type of a contract. */
export type EventData<C extends EventContract> = Static<C['schema']>;

export function defineContract<
  const TName extends string,
  const TVersion extends number,
  TSchemaOf extends TSchema,
>(definition: {
  name: TName;
  version: TVersion;
  producer: ProducerService;
  description: string;
  schema: TSchemaOf;
}): EventContract<`${TName}.v${TVersion}`, TSchemaOf> {
  const type = `${definition.name}.v${definition.version}` as const;
  return Object.freeze({
    type,
    name: definition.name,
    version: definition.version,
    topic: type,
    producer: definition.producer,
    description: definition.description,
    schema: definition.schema,
  });
}
