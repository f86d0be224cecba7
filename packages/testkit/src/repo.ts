import { resolve } from 'node:path';

/** The repository root, where infra/ lives. */
export const repoRoot = resolve(import.meta.dirname, '../../..');
