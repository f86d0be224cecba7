import { isolatedInfra } from '@ecommerce/testkit';
import { afterAll, beforeAll } from 'vitest';
import { paymentServiceContract } from '../src/payment-service/contract.ts';
import {
  type RunningTarget,
  startPaymentServiceUnderTest,
} from './support/payment-service-under-test.ts';

// The TypeScript payment-service (apps/payment-service) against payment-service's contract.
const infra = await isolatedInfra();
let running: RunningTarget;

beforeAll(async () => {
  running = await startPaymentServiceUnderTest(infra, {
    process: { name: 'payment-service' },
  });
});
afterAll(async () => {
  await running?.stop();
});

paymentServiceContract(() => running.target);
