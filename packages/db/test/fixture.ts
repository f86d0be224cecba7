import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const shopFixture = fileURLToPath(new URL('./fixtures/shop', import.meta.url));

export interface ShopCopy {
  root: string;
  schemaPath: string;
  migrationsDir: string;
  /** Changes the Prisma schema text, as a developer changing the model would. */
  editSchema(change: (schema: string) => string): Promise<void>;
}

/** A private copy of the fixture's prisma folder in the OS temp dir, removed after the file. */
export async function copyShopFixture(): Promise<ShopCopy> {
  const root = await mkdtemp(join(tmpdir(), 'ecommerce-db-'));
  afterAll(() => rm(root, { recursive: true, force: true }));
  await cp(join(shopFixture, 'prisma'), join(root, 'prisma'), { recursive: true });
  const schemaPath = join(root, 'prisma', 'schema.prisma');
  return {
    root,
    schemaPath,
    migrationsDir: join(root, 'prisma', 'migrations'),
    async editSchema(change) {
      await writeFile(schemaPath, change(await readFile(schemaPath, 'utf8')));
    },
  };
}

/** Superuser view of where a role's tables ended up. */
export const tablesInSchemaSql = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = $1 ORDER BY table_name`;
