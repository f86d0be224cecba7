/** Thrown when an attempt exceeds its time budget; the attempt's AbortSignal is aborted with it. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Operation timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** Thrown when a bulkhead has no free slot and its waiting queue is full. */
export class BulkheadRejectedError extends Error {
  override readonly name = 'BulkheadRejectedError';
  readonly maxConcurrent: number;
  readonly maxQueue: number;

  constructor(maxConcurrent: number, maxQueue: number) {
    super(`Bulkhead full: ${maxConcurrent} running and ${maxQueue} queued`);
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }
}

/** Thrown without calling the operation while a circuit is open (or half-open with a trial in flight). */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly circuit: string;

  constructor(circuit: string) {
    super(`Circuit "${circuit}" is open`);
    this.circuit = circuit;
  }
}
