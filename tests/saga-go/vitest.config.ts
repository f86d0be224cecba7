import { fileURLToPath } from 'node:url';
import { integrationTestConfig, suiteGroup } from '@ecommerce/testkit/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

// tests/saga's scenarios once more, with apps/payment-service-go as payment-service; a heavy
// suite, so it runs after the main one, alone. Budget: about 4 minutes (2.5 measured).
export default mergeConfig(
  integrationTestConfig('saga-go'),
  defineConfig({
    test: {
      env: { PAYMENT_SERVICE_IMPL: 'go' },
      globalSetup: [fileURLToPath(new URL('./test/build-go.ts', import.meta.url))],
      sequence: { groupOrder: suiteGroup.sagaGo },
      // Each file starts the whole system (seven processes); one system at a time.
      fileParallelism: false,
      testTimeout: 60_000,
    },
  }),
);
