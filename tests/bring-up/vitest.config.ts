import { suiteGroup } from '@ecommerce/testkit/vitest';
import { defineConfig } from 'vitest/config';

/**
 * bin/up and bin/down on the default ports (3001-3006, 8080), so this runs alone, after every
 * other suite, and stops everything it started. Budget: 30 minutes; 24 measured on
 * a busy 2-core machine (two bring-ups of the whole system, 300 orders through the saga, two
 * resets).
 */
export default defineConfig({
  test: {
    name: 'bring-up',
    include: ['test/**/*.test.ts'],
    sequence: { groupOrder: suiteGroup.bringUp },
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
