import type { Policy } from '@ecommerce/resilience';
import type { PaymentTokenSettings } from '../domain/payment-token.ts';
import type { PaymentProvider } from '../provider/payment-provider.ts';

/** What charging and refunding need besides the caller's transaction. */
export interface PaymentContext {
  provider: PaymentProvider;
  /** Retry and timeout around each provider call (see provider-policy.ts). */
  providerPolicy: Policy;
  tokens: PaymentTokenSettings;
}

/** The `source` of the events this service publishes. */
export const eventSource = 'payment-service';
