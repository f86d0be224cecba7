import { integrationTestConfig, suiteGroup } from '@ecommerce/testkit/vitest';
import { mergeConfig } from 'vitest/config';

// A real browser and the whole system: run after the main suite, alone, one file.
// Budget: about five minutes on a busy two-core machine, most of it starting the services.
export default mergeConfig(integrationTestConfig('browser'), {
  test: {
    sequence: { groupOrder: suiteGroup.browser },
    testTimeout: 90_000,
    // Builds the storefront and starts every service, each given minutes to get ready.
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
