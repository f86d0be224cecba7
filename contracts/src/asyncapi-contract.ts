import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The system's published AsyncAPI document: every event's envelope, data, headers and key. */
const documentUrl = new URL('../../packages/events/asyncapi.json', import.meta.url);

interface MessageValidators {
  payload: ValidateFunction;
  headers: ValidateFunction;
  key: ValidateFunction;
}

/**
 * Checks Kafka messages against the AsyncAPI document: the CloudEvents envelope with its data
 * (payload), the declared headers and the key, for the message whose name is the event type.
 */
export class AsyncApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly messages = new Map<string, MessageValidators>();

  constructor() {
    addFormats(this.ajv);
    const document = JSON.parse(readFileSync(documentUrl, 'utf8'));
    this.ajv.addSchema(document, 'asyncapi');
    for (const [id, message] of Object.entries<{ name: string }>(document.components.messages)) {
      const at = (path: string) =>
        this.ajv.compile({ $ref: `asyncapi#/components/messages/${id}/${path}` });
      this.messages.set(message.name, {
        payload: at('payload'),
        headers: at('headers'),
        key: at('bindings/kafka/key'),
      });
    }
  }

  /** Problems of one message with the document (empty when it conforms). */
  problems(
    type: string,
    message: { key: string; value: unknown; headers: Record<string, string> },
  ): string[] {
    const validators = this.messages.get(type);
    if (!validators) return [`the AsyncAPI document has no message ${type}`];
    const found: string[] = [];
    for (const [part, validate, value] of [
      ['payload', validators.payload, message.value],
      ['headers', validators.headers, message.headers],
      ['key', validators.key, message.key],
    ] as const) {
      if (!validate(value)) found.push(`${part}: ${this.ajv.errorsText(validate.errors)}`);
    }
    return found;
  }
}
