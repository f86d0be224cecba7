import { normalizeEmail } from '../domain/email.ts';
import { hashPassword, type ScryptParameters } from '../domain/password-hash.ts';
import { passwordPolicyViolations } from '../domain/password-policy.ts';
import type { Role } from '../domain/roles.ts';
import type { User, userRepository } from '../repositories/users.ts';

export class WeakPasswordError extends Error {
  readonly violations: string[];
  constructor(violations: string[]) {
    super(`The password ${violations.join('; ')}`);
    this.name = 'WeakPasswordError';
    this.violations = violations;
  }
}

export interface Registrant {
  email: string;
  password: string;
  name?: string | undefined;
  roles?: Role[];
  /** Stable ids for seeded accounts; new accounts get a random UUID. */
  id?: string;
}

/** Checks the password policy and hashes; throws WeakPasswordError. */
export async function accountFor(registrant: Registrant, hashCost: ScryptParameters) {
  const email = normalizeEmail(registrant.email);
  const violations = passwordPolicyViolations(registrant.password, email);
  if (violations.length > 0) throw new WeakPasswordError(violations);
  return {
    ...(registrant.id ? { id: registrant.id } : {}),
    email,
    name: registrant.name ?? null,
    roles: registrant.roles ?? ['customer'],
    passwordHash: await hashPassword(registrant.password, hashCost),
  };
}

/** Creates a customer account; throws WeakPasswordError or EmailTakenError. */
export async function register(
  users: ReturnType<typeof userRepository>,
  registrant: Registrant,
  hashCost: ScryptParameters,
): Promise<User> {
  return users.create(await accountFor(registrant, hashCost));
}

/**
 * Creates the accounts whose email is not taken yet and leaves existing ones as they are, so
 * running it again changes nothing. Returns the emails it created.
 */
export async function seedAccounts(
  users: ReturnType<typeof userRepository>,
  registrants: Registrant[],
  hashCost: ScryptParameters,
): Promise<string[]> {
  const created: string[] = [];
  for (const registrant of registrants) {
    // Hashing is the expensive part: skip it for accounts that exist.
    if (await users.findByEmail(normalizeEmail(registrant.email))) continue;
    if (await users.createIfAbsent(await accountFor(registrant, hashCost))) {
      created.push(normalizeEmail(registrant.email));
    }
  }
  return created;
}
