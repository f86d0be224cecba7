import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// No cluster: the chart is rendered and checked offline. Runs after the main suite, alone
// (sequence group 5). Budget: about 3 minutes on a fresh Go module cache (Helm and the
// validator are built from source once), under a minute after.
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
