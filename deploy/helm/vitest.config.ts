import { fileURLToPath } from 'node:url';
import { suiteGroup } from '@ecommerce/testkit/vitest';
import { defineConfig } from 'vitest/config';

// No cluster: the chart is rendered and checked offline. Runs after the main suite, alone.
// Budget: under two minutes once Helm and the validator are built (35 s measured on a quiet
// machine, 85 s at a load average of 45); building both from a fresh Go module cache takes
// minutes (its globalSetup; 33 measured at a load average of 50).
export default defineConfig({
  test: {
    name: 'helm',
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(new URL('./test/support/build-tools.ts', import.meta.url))],
    sequence: { groupOrder: suiteGroup.helm },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
