import { STATUS_CODES } from 'node:http';

/** Members an application may add to a problem; the standard ones cannot be overridden. */
export type ProblemExtensions = Record<string, unknown>;

export interface ProblemOptions {
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  type?: string;
  /** What went wrong for this occurrence, for a human. */
  detail?: string;
  extensions?: ProblemExtensions;
  cause?: unknown;
}

/** An RFC 9457 problem body as sent with `application/problem+json`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

/**
 * An error a handler throws on purpose: the error handler sends its status, title, detail and
 * extensions as they are, whatever the status (a deliberate 503 is not an accident to hide).
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly detail: string | undefined;
  readonly extensions: ProblemExtensions;

  constructor(status: number, title: string, options: ProblemOptions = {}) {
    super(options.detail ? `${title}: ${options.detail}` : title, { cause: options.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`A problem status must be 400-599, not ${status}`);
    }
    this.name = 'HttpProblem';
    this.status = status;
    this.title = title;
    this.type = options.type ?? 'about:blank';
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
  }
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** `throw problem(404, 'Order not found', { detail: `No order ${id}` })` */
export function problem(status: number, title?: string, options?: ProblemOptions): HttpProblem {
  return new HttpProblem(status, title ?? statusTitle(status), options);
}

type Factory = (title?: string, options?: ProblemOptions) => HttpProblem;
const factory =
  (status: number): Factory =>
  (title, options) =>
    problem(status, title, options);

export const badRequest = factory(400);
export const unauthorized = factory(401);
export const forbidden = factory(403);
export const notFound = factory(404);
export const conflict = factory(409);
export const unprocessableContent = factory(422);
export const tooManyRequests = factory(429);
export const serviceUnavailable = factory(503);
