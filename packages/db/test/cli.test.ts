import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isolatedInfra } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { copyShopFixture } from './fixture.ts';

const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const infra = await isolatedInfra();
const shop = await copyShopFixture();
const initial = (await readdir(shop.migrationsDir)).filter(
  (name) => name !== 'migration_lock.toml',
);

/** Runs `ecommerce-db` in the service folder, as a package script would. */
async function ecommerceDb(...args: string[]) {
  const env = {
    ...process.env,
    // The payments role: the schema comes from the role's search_path, not from the files.
    DATABASE_URL: infra.postgres.urlFor('payment-service'),
    DATABASE_ADMIN_URL: infra.postgres.adminUrl,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: shop.root,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('ecommerce-db', () => {
  it('migrate status lists pending migrations and exits 1', async () => {
    const result = await ecommerceDb('migrate', 'status');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Schema "payments"');
    expect(result.stdout).toMatch(new RegExp(`pending +${initial[0]}`));
    expect(result.stdout).toContain('Database is not up to date.');
  });

  it('migrate deploy applies them into the role schema, then finds nothing to do', async () => {
    const first = await ecommerceDb('migrate', 'deploy');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`Applied ${initial[0]} (schema "payments")`);

    const second = await ecommerceDb('migrate', 'deploy');
    expect(second.stdout).toContain('No pending migrations');

    const { rows } = await infra.postgres
      .pool()
      .query("SELECT to_regclass('payments.customers') IS NOT NULL AS exists");
    expect(rows).toEqual([{ exists: true }]);
  });

  it('migrate status exits 0 when up to date', async () => {
    const result = await ecommerceDb('migrate', 'status');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`applied +${initial[0]}`));
  });

  it('migrate create says so when there is nothing to migrate', async () => {
    const result = await ecommerceDb('migrate', 'create', 'nothing', 'new');
    expect(result).toMatchObject({
      code: 0,
      stdout: 'No changes: the schema matches the migrations.\n',
    });
  });

  it('migrate create needs a name', async () => {
    const result = await ecommerceDb('migrate', 'create');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('migrate create needs a name');
  });

  it('generate writes the client without any download', async () => {
    const result = await ecommerceDb('generate');
    expect(result.code).toBe(0);
    expect((await stat(join(shop.root, 'src/generated/prisma/client.ts'))).isFile()).toBe(true);
  });
});
