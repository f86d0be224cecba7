import { integrationTestConfig } from '@ecommerce/testkit/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

// CONTRACT_EXTERNAL=payment-service: only the suite, against the service at CONTRACT_BASE_URL.
// Otherwise every implementation in this repository, each started here on private infrastructure.
const external = process.env.CONTRACT_EXTERNAL !== undefined;

export default mergeConfig(
  integrationTestConfig('contracts'),
  defineConfig({
    test: {
      include: external ? ['test/external.test.ts'] : ['test/**/*.test.ts'],
      exclude: external ? [] : ['test/external.test.ts'],
    },
  }),
);
