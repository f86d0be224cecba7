import { integrationTestConfig } from './src/vitest-preset.ts';

export default integrationTestConfig('testkit');
