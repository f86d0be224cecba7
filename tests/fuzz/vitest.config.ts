import { integrationTestConfig, suiteGroup } from '@ecommerce/testkit/vitest';
import { defineConfig, mergeConfig } from 'vitest/config';

// Runs after the main suite, alone: the fuzzer keeps both cores busy for minutes.
// Budget: about 5 minutes with the fixed seed and example count (test/fuzz-settings.ts).
export default mergeConfig(
  integrationTestConfig('fuzz'),
  defineConfig({
    test: {
      sequence: { groupOrder: suiteGroup.fuzz },
      testTimeout: 600_000,
      hookTimeout: 600_000,
    },
  }),
);
