import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// No cluster: the chart is rendered and checked offline. Runs after the main suite, alone
// (sequence group 5). Budget: under a minute once Helm and the validator are built (about
// 30 s measured); building both from a fresh Go module cache takes minutes (its globalSetup).
export default defineConfig({
  test: {
    name: 'helm',
    include: ['test/**/*.test.ts'],
    globalSetup: [fileURLToPath(new URL('./test/support/build-tools.ts', import.meta.url))],
    sequence: { groupOrder: 5 },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
