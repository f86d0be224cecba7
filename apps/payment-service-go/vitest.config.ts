import { unitTestConfig } from '@ecommerce/testkit/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

// go vet and go test of the module, driven from the test command like every other suite.
export default mergeConfig(
  unitTestConfig('payment-service-go'),
  defineConfig({ test: { testTimeout: 300_000 } }),
);
