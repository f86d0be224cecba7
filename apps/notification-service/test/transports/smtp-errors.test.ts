import { describe, expect, it } from 'vitest';
import { isRetryableSmtpFailure } from '../../src/transports/smtp-errors.ts';

describe('isRetryableSmtpFailure', () => {
  it.each([
    ['a refused connection', { code: 'ESOCKET' }, true],
    ['a timeout', { code: 'ETIMEDOUT' }, true],
    ['a dropped connection', { code: 'ECONNECTION' }, true],
    ['a transient 451 reply', { code: 'EMESSAGE', responseCode: 451, permanent: false }, true],
    ['a permanent 550 reply', { code: 'EENVELOPE', responseCode: 550, permanent: true }, false],
    ['rejected credentials', { code: 'EAUTH', responseCode: 535, permanent: true }, false],
    ['missing credentials', { code: 'ENOAUTH' }, false],
    ['an address the client refuses', { code: 'EENVELOPE' }, false],
    ['an error without a code', new Error('boom'), true],
    ['a thrown string', 'boom', false],
  ])('%s -> %s', (_, error, retryable) => {
    expect(isRetryableSmtpFailure(error)).toBe(retryable);
  });
});
