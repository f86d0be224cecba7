import { describe, expect, it } from 'vitest';
import { passwordPolicyViolations } from '../../src/domain/password-policy.ts';

describe('passwordPolicyViolations', () => {
  it('accepts a long password of any composition', () => {
    expect(passwordPolicyViolations('all lower case words', 'a@example.test')).toEqual([]);
    expect(passwordPolicyViolations('x'.repeat(128), 'a@example.test')).toEqual([]);
  });

  it('refuses fewer than 12 and more than 128 characters', () => {
    expect(passwordPolicyViolations('elevenchars', 'a@example.test')).toEqual([
      'must be at least 12 characters long',
    ]);
    expect(passwordPolicyViolations('x'.repeat(129), 'a@example.test')).toEqual([
      'must be at most 128 characters long',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordPolicyViolations('🔑'.repeat(11), 'a@example.test')).toHaveLength(1);
    expect(passwordPolicyViolations('🔑'.repeat(128), 'a@example.test')).toEqual([]);
  });

  it('refuses the email address, whatever its case', () => {
    expect(passwordPolicyViolations('Ada@Example.test', 'ada@example.test')).toEqual([
      'must not be the email address',
    ]);
  });
});
