/** The fields nodemailer sets on the errors it reports. */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
}

// Failures that the same message on a new connection would meet again: wrong credentials or
// configuration, an address the client itself refuses.
const permanentCodes = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMAXRECIPIENTS']);

/**
 * Whether another attempt could deliver the message. An SMTP reply decides by its class
 * (RFC 5321: 5yz permanent, 4yz transient; nodemailer reports it as `permanent`); without a
 * reply, connection-level failures (refused, reset, timed out, TLS) are transient, and
 * authentication or configuration errors are not.
 */
export function isRetryableSmtpFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const failure = error as SmtpFailure;
  if (typeof failure.responseCode === 'number') return failure.permanent !== true;
  return !(failure.code !== undefined && permanentCodes.has(failure.code));
}
