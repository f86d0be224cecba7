import { paymentServiceContract } from '../src/payment-service/contract.ts';
import { targetFromEnvironment } from '../src/settings.ts';

// A run against an implementation started elsewhere (`pnpm --filter @ecommerce/contracts
// payment-service` with CONTRACT_* set); vitest.config.ts includes this file only then.
const target = targetFromEnvironment();
paymentServiceContract(() => target);
