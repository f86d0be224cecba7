import { defineConfig } from 'vitest/config';

// One run over every workspace package (bin/test); each package also runs alone with `pnpm test`.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'infra/vitest.config.ts',
      'tests/*/vitest.config.ts',
      'tools/*/vitest.config.ts',
      'contracts/vitest.config.ts',
      'deploy/helm/vitest.config.ts',
    ],
  },
});
