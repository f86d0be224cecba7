import type { ContractTarget } from '../settings.ts';
import { paymentEventContract } from './event-contract.ts';
import { paymentHttpContract } from './http-contract.ts';

export { consumerGroup, decliningCustomerId, requiredConfiguration } from './fixtures.ts';

/** Everything payment-service promises, for any implementation: its HTTP API and its events. */
export function paymentServiceContract(target: () => ContractTarget) {
  paymentHttpContract(target);
  paymentEventContract(target);
}
