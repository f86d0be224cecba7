/**
 * A response whose status means the upstream failed (5xx). Thrown inside the policy so the
 * circuit breaker and retry see it as a failure; 4xx responses are results, not errors.
 */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The parsed response body (JSON, text, or undefined when empty). */
  readonly body: unknown;

  constructor(options: { status: number; method: string; url: string; body: unknown }) {
    super(`${options.method} ${options.url} answered ${options.status}`);
    this.status = options.status;
    this.method = options.method;
    this.url = options.url;
    this.body = options.body;
  }
}
