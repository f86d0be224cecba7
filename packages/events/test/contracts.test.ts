import { readFileSync } from 'node:fs';
import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  buildAsyncApiDocument,
  contracts,
  createEvent,
  EventValidationError,
  envelopeSchema,
  findContract,
  OrderCreated,
  PaymentRefunded,
  validateEnvelope,
} from '../src/index.ts';
import { samples } from './fixtures.ts';

describe('event contracts', () => {
  it('name each topic after its versioned type, once', () => {
    for (const contract of contracts) {
      expect(contract.type).toBe(`${contract.name}.v${contract.version}`);
      expect(contract.topic).toBe(contract.type);
      expect(findContract(contract.type)).toBe(contract);
    }
    expect(new Set(contracts.map((c) => c.type)).size).toBe(contracts.length);
  });

  it.each(contracts.map((c) => [c.type, c] as const))(
    '%s: its JSON Schema accepts a sample and rejects a bad one',
    (type, contract) => {
      const sample = samples[type];
      const data = Compile(contract.schema);
      expect(data.Check(sample.valid)).toBe(true);
      expect(data.Check(sample.invalid)).toBe(false);

      const event = createEvent(contract, {
        source: contract.producer,
        subject: '0b9f5c2e-4d0a-4f59-9d8e-2f7f6b0c1a11',
        data: sample.valid as never,
      });
      expect(validateEnvelope(contract, event)).toEqual([]);
      expect(validateEnvelope(contract, { ...event, data: sample.invalid })).not.toEqual([]);
    },
  );

  it('builds CloudEvents 1.0 envelopes and refuses data its contract rejects', () => {
    const event = createEvent(OrderCreated, {
      source: 'order-service',
      subject: '0b9f5c2e-4d0a-4f59-9d8e-2f7f6b0c1a11',
      data: samples['order.created.v1'].valid as never,
    });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'order.created.v1',
      source: 'order-service',
      subject: '0b9f5c2e-4d0a-4f59-9d8e-2f7f6b0c1a11',
      datacontenttype: 'application/json',
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(event.time).toISOString()).toBe(event.time);

    expect(() =>
      createEvent(OrderCreated, {
        source: 'order-service',
        subject: 'x',
        data: samples['order.created.v1'].invalid as never,
      }),
    ).toThrow(EventValidationError);
  });

  it('still accepts payment.refunded written before it said whether to restock', () => {
    const { restock: _, ...before } = samples['payment.refunded.v1'].valid as { restock: boolean };
    expect(Compile(PaymentRefunded.schema).Check(before)).toBe(true);
  });

  it('rejects an envelope of another type on a contract', () => {
    const event = createEvent(OrderCreated, {
      source: 'order-service',
      subject: 'o-1',
      data: samples['order.created.v1'].valid as never,
    });
    const [other] = contracts.filter((c) => c !== OrderCreated);
    expect(other && validateEnvelope(other, event)).not.toEqual([]);
  });
});

describe('AsyncAPI document', () => {
  const committed = JSON.parse(
    readFileSync(new URL('../asyncapi.json', import.meta.url), 'utf8'),
  ) as ReturnType<typeof buildAsyncApiDocument>;

  it('is up to date with the contracts (regenerate: pnpm --filter @ecommerce/events asyncapi)', () => {
    expect(committed).toEqual(buildAsyncApiDocument());
  });

  it('is a valid AsyncAPI 3.0 document', () => {
    // The official schema embeds the draft-07 meta-schema itself, so Ajv must not add its own.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats.default(ajv);
    const validate = ajv.compile(specs.schemas['3.0.0']);
    expect(validate(committed), JSON.stringify(validate.errors)).toBe(true);

    const broken = structuredClone(committed) as { operations: Record<string, { action: string }> };
    for (const operation of Object.values(broken.operations)) operation.action = 'publish';
    expect(validate(broken)).toBe(false);
  });

  it('describes every contract as a channel at its topic, with the envelope as payload', () => {
    expect(committed.asyncapi).toBe('3.0.0');
    const channels = Object.values(committed.channels) as { address: string }[];
    expect(channels.map((c) => c.address).sort()).toEqual(contracts.map((c) => c.topic).sort());
    for (const contract of contracts) {
      const id = contract.type
        .split('.')
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join('');
      const schema = committed.components.schemas[id];
      expect(schema).toEqual(JSON.parse(JSON.stringify(envelopeSchema(contract))));
      // The published schema validates like the contract itself.
      const event = createEvent(contract, {
        source: contract.producer,
        subject: 's',
        data: samples[contract.type as keyof typeof samples].valid as never,
      });
      expect(Compile(schema as never).Check(event)).toBe(true);
    }
  });
});
