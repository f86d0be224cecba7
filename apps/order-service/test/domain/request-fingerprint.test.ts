import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from '../../src/domain/request-fingerprint.ts';

describe('request fingerprint', () => {
  it('ignores key order and whitespace', () => {
    const a = JSON.parse('{ "lines": [ { "productId": "p", "quantity": 2 } ] }');
    const b = JSON.parse('{"lines":[{"quantity":2,"productId":"p"}]}');
    expect(canonicalJson(a)).toBe('{"lines":[{"productId":"p","quantity":2}]}');
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
  });

  it('tells apart bodies that differ in a value or in the order of lines', () => {
    const lines = [
      { productId: 'a', quantity: 1 },
      { productId: 'b', quantity: 1 },
    ];
    const base = requestFingerprint({ lines });
    expect(requestFingerprint({ lines: [{ ...lines[0], quantity: 2 }, lines[1]] })).not.toBe(base);
    expect(requestFingerprint({ lines: [...lines].reverse() })).not.toBe(base);
  });

  it('is a SHA-256 hex digest', () => {
    expect(requestFingerprint({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
