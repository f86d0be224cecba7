import { defineConfig } from 'vitest/config';

/**
 * bin/up and bin/down on the default ports (3001-3006, 8080), so this runs alone, after every
 * other suite (group 7), and stops everything it started. Budget: about 15 minutes (two
 * bring-ups of the whole system, a few hundred orders through the saga).
 */
export default defineConfig({
  test: {
    name: 'bring-up',
    include: ['test/**/*.test.ts'],
    sequence: { groupOrder: 7 },
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
