import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Vitest settings for a workspace package whose tests use real infrastructure. Each package's
 * vitest.config.ts is `export default integrationTestConfig('<name>')`.
 */
export function integrationTestConfig(name: string) {
  return defineConfig({
    test: {
      name,
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
      // Real servers: a first Kafka metadata fetch or CREATE DATABASE can take a few seconds.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}

/** Vitest settings for a package whose tests need no infrastructure (pure logic, fake timers). */
export function unitTestConfig(name: string) {
  return defineConfig({
    test: {
      name,
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    },
  });
}
