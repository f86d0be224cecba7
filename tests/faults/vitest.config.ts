import { integrationTestConfig } from '@ecommerce/testkit/vitest';
import { mergeConfig } from 'vitest/config';

// Each file runs the whole system as processes and loads it on purpose: one file at a time.
export default mergeConfig(integrationTestConfig('faults'), {
  test: { fileParallelism: false },
});
