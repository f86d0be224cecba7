import { join } from 'node:path';
import { isolatedInfra, repoRoot } from '@ecommerce/testkit';
import { afterAll, beforeAll } from 'vitest';
import { paymentServiceContract } from '../src/payment-service/contract.ts';
import { buildGoPaymentService } from './support/go-payment-service.ts';
import {
  type RunningTarget,
  startPaymentServiceUnderTest,
} from './support/payment-service-under-test.ts';

// The Go payment-service (apps/payment-service-go) against the same contract.
const infra = await isolatedInfra();
let running: RunningTarget;

beforeAll(async () => {
  const binary = await buildGoPaymentService();
  running = await startPaymentServiceUnderTest(infra, {
    process: {
      name: 'payment-service-go',
      command: binary,
      directory: join(repoRoot, 'apps/payment-service-go'),
    },
  });
}, 300_000);
afterAll(async () => {
  await running?.stop();
});

paymentServiceContract(() => running.target);
