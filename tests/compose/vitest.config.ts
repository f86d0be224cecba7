import { suiteGroup } from '@ecommerce/testkit/vitest';
import { defineConfig } from 'vitest/config';

// docker-compose.yml on a real Docker Engine. Heavy (image builds, a dozen containers): it runs
// after every other suite, alone (groupOrder), one file at a time. Budget: about 10 minutes on a
// warm build cache, 25 on a cold one (every image built from nothing), more on a busy host (the
// image build may take 35 minutes); each step states its own.
export default defineConfig({
  test: {
    name: 'compose',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    sequence: { groupOrder: suiteGroup.compose },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 1_800_000,
  },
});
