import { integrationTestConfig, suiteGroup } from '@ecommerce/testkit/vitest';
import { mergeConfig } from 'vitest/config';

// Each file runs the whole system as processes and loads it on purpose: one file at a time,
// after the main suite, alone.
export default mergeConfig(integrationTestConfig('faults'), {
  test: { fileParallelism: false, sequence: { groupOrder: suiteGroup.faults } },
});
