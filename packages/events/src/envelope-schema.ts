import Type, { type TSchema } from 'typebox';
import type { EventContract } from './contracts/define-contract.ts';

/** JSON Schema of a contract's whole envelope (CloudEvents attributes plus its `data`). */
export function envelopeSchema(contract: EventContract): TSchema {
  return Type.Object(
    {
      specversion: Type.Literal('1.0'),
      id: Type.String({ format: 'uuid' }),
      source: Type.String({ minLength: 1, description: 'Name of the producing service' }),
      type: Type.Literal(contract.type),
      time: Type.String({ format: 'date-time' }),
      subject: Type.String({ minLength: 1, description: 'Order id; also the Kafka key' }),
      datacontenttype: Type.Literal('application/json'),
      data: contract.schema,
    },
    { additionalProperties: false, title: contract.type, description: contract.description },
  );
}
