import type { EventContract } from '../contracts/define-contract.ts';
import { contracts as sagaContracts } from '../contracts/registry.ts';
import { envelopeSchema } from '../envelope-schema.ts';
import { STRUCTURED_CONTENT_TYPE } from '../kafka/message.ts';

/** `order.created.v1` -> `OrderCreatedV1`: ids for messages and operations. */
function pascalCase(type: string): string {
  return type
    .split(/[.\-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

// A plain JSON copy: drops TypeBox's non-enumerable markers, keeps pure JSON Schema.
const plain = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema));

const kafkaHeaders = {
  type: 'object',
  properties: {
    'content-type': { type: 'string', const: STRUCTURED_CONTENT_TYPE },
    ce_id: { type: 'string', format: 'uuid', description: 'CloudEvents id, repeated' },
    ce_type: { type: 'string', description: 'CloudEvents type, repeated' },
    traceparent: { type: 'string', description: 'W3C Trace Context' },
    tracestate: { type: 'string', description: 'W3C Trace Context' },
  },
  required: ['content-type', 'ce_id', 'ce_type'],
};

/**
 * The AsyncAPI 3.0 description of every contract: one channel per topic, the CloudEvents
 * envelope with the contract's schema as `data`, the key, headers and the producing service.
 */
export function buildAsyncApiDocument(contracts: readonly EventContract[] = sagaContracts) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};

  for (const contract of contracts) {
    const id = pascalCase(contract.type);
    schemas[id] = plain(envelopeSchema(contract));
    messages[id] = {
      name: contract.type,
      title: contract.type,
      summary: contract.description,
      contentType: STRUCTURED_CONTENT_TYPE,
      headers: kafkaHeaders,
      payload: { $ref: `#/components/schemas/${id}` },
      bindings: {
        kafka: {
          key: { type: 'string', format: 'uuid', description: 'Order id (the event subject)' },
          bindingVersion: '0.5.0',
        },
      },
      'x-producer': contract.producer,
    };
    channels[id] = {
      address: contract.topic,
      title: contract.topic,
      description: `${contract.description} Dead letters go to ${contract.topic}.dlq.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`send${id}`] = {
      action: 'send',
      title: `${contract.producer} publishes ${contract.type}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'E-commerce events',
      version: '1.0.0',
      description:
        'Events of the order saga. Each is a CloudEvents 1.0 event in structured mode (the ' +
        'whole event is the JSON value), keyed by order id, on a topic named after its ' +
        'versioned type. Money is integer minor units with an ISO 4217 currency.',
    },
    defaultContentType: STRUCTURED_CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'Local development broker',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function renderAsyncApiDocument(contracts?: readonly EventContract[]): string {
  return `${JSON.stringify(buildAsyncApiDocument(contracts), null, 2)}\n`;
}
