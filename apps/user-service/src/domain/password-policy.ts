import { normalizeEmail } from './email.ts';

/**
 * NIST SP 800-63B style: length is what makes a password strong, so require a long one and
 * do not impose composition rules. The upper bound keeps hashing cost bounded per request.
 * Lengths count Unicode code points, as JSON Schema's minLength/maxLength do.
 */
export const passwordMinLength = 12;
export const passwordMaxLength = 128;

/** Why a password is refused, for the `password` field of a 400 problem; empty when accepted. */
export function passwordPolicyViolations(password: string, email: string): string[] {
  const violations: string[] = [];
  const length = [...password].length;
  if (length < passwordMinLength) {
    violations.push(`must be at least ${passwordMinLength} characters long`);
  }
  if (length > passwordMaxLength) {
    violations.push(`must be at most ${passwordMaxLength} characters long`);
  }
  if (normalizeEmail(password) === normalizeEmail(email)) {
    violations.push('must not be the email address');
  }
  return violations;
}
