import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isProducerStateError } from '../src/kafka/producer.ts';

// The errors the broker answers a Produce request with when it no longer agrees with an
// idempotent producer's id, epoch or sequence numbers, as kafkajs raises them.
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError({ type, code, retriable: false, message: type } as never);

describe('isProducerStateError', () => {
  it.each([
    ['OUT_OF_ORDER_SEQUENCE_NUMBER', 45],
    ['UNKNOWN_PRODUCER_ID', 59],
    ['INVALID_PRODUCER_EPOCH', 47],
    ['INVALID_PRODUCER_ID_MAPPING', 49],
  ])('recognises %s, raised directly or wrapped by the client', (type, code) => {
    const error = protocolError(type, code);
    expect(isProducerStateError(error)).toBe(true);
    // How kafkajs' retrier wraps what it gives up on (src/retry/index.js).
    const bailed = Object.assign(new KafkaJSNonRetriableError(error), { cause: error });
    expect(isProducerStateError(bailed)).toBe(true);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(error, {
      retryCount: 5,
      retryTime: 300,
      cause: error,
    } as never);
    expect(isProducerStateError(exhausted)).toBe(true);
  });

  it('leaves errors a retry with the same producer cures alone', () => {
    expect(isProducerStateError(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBe(false);
    expect(isProducerStateError(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(
      false,
    );
    expect(isProducerStateError(new Error('socket hang up'))).toBe(false);
    expect(isProducerStateError(undefined)).toBe(false);
  });

  it('stops on an error that is its own cause', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isProducerStateError(error)).toBe(false);
  });
});
