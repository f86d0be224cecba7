import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The order of the suites in the one vitest run of bin/test (vitest's `sequence.groupOrder`:
 * groups run one after another, ascending; the heavy suites each run alone after the main
 * one). The main suite is group 1, not vitest's default 0: vitest takes a group-0 project that
 * gets a single worker (every project on a two-core machine, or one with fileParallelism off)
 * out of the numbered groups and runs it after all of them, i.e. after bring-up has stopped
 * the servers every other suite uses.
 */
export const suiteGroup = {
  main: 1,
  fuzz: 2,
  browser: 3,
  faults: 4,
  sagaGo: 5,
  helm: 6,
  compose: 7,
  bringUp: 8,
} as const;

/**
 * Vitest settings for a workspace package whose tests use real infrastructure. Each package's
 * vitest.config.ts is `export default integrationTestConfig('<name>')`.
 */
export function integrationTestConfig(name: string) {
  return defineConfig({
    test: {
      name,
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      sequence: { groupOrder: suiteGroup.main },
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
      sequence: { groupOrder: suiteGroup.main },
    },
  });
}
