import { Compile, type Validator } from 'typebox/compile';
import type { EventContract } from './contracts/define-contract.ts';
import { envelopeSchema } from './envelope-schema.ts';

/** An event that does not match its contract. Never retried: it cannot become valid. */
export class EventValidationError extends Error {
  readonly type: string;
  readonly problems: string[];

  constructor(type: string, problems: string[]) {
    super(`${type} does not match its contract: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
    this.type = type;
    this.problems = problems;
  }
}

const validators = new WeakMap<EventContract, Validator>();

function validatorFor(contract: EventContract): Validator {
  let validator = validators.get(contract);
  if (!validator) {
    validator = Compile(envelopeSchema(contract));
    validators.set(contract, validator);
  }
  return validator;
}

/** Problems of an envelope against its contract, as `path: message` lines; empty when valid. */
export function validateEnvelope(contract: EventContract, envelope: unknown): string[] {
  const validator = validatorFor(contract);
  if (validator.Check(envelope)) return [];
  return validator
    .Errors(envelope)
    .slice(0, 10)
    .map((error) => `${error.instancePath || '/'}: ${error.message}`);
}

export function assertValid(contract: EventContract, envelope: unknown): void {
  const problems = validateEnvelope(contract, envelope);
  if (problems.length > 0) throw new EventValidationError(contract.type, problems);
}
