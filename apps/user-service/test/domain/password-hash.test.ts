import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/domain/password-hash.ts';

const cheap = { logN: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verifies the password it was made from, and no other', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('stores the parameters and a fresh salt with each hash', async () => {
    const first = await hashPassword('correct horse battery', cheap);
    const second = await hashPassword('correct horse battery', cheap);
    expect(first).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
  });

  it('verifies with the parameters of the hash, not the current ones', async () => {
    const older = await hashPassword('correct horse battery', { logN: 11, r: 4, p: 2 });
    expect(older).toContain('ln=11,r=4,p=2');
    expect(await verifyPassword('correct horse battery', older)).toBe(true);
  });

  it('treats differently composed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait please', cheap);
    expect(await verifyPassword('cafe\u0301 au lait please', hash)).toBe(true);
  });

  it('answers false for a malformed hash', async () => {
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
    expect(await verifyPassword('anything', '$scrypt$ln=10,r=8,p=1$abc')).toBe(false);
  });

  it('can hash at the recommended cost (N=2^17), above Node’s default memory limit', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toContain('ln=17,r=8,p=1');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  });
});
