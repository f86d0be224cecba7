import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The Go implementation keeps copies of what it shares with apps/payment-service; a change
// there must reach them (the served OpenAPI document is compared in payment-service's tests).
const root = fileURLToPath(new URL('../../..', import.meta.url));

function files(folder: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found[relative(folder, path)] = readFileSync(path, 'utf8');
  }
  return found;
}

it('has the same migrations as apps/payment-service, so both run on the same tables', () => {
  expect(files(join(root, 'apps/payment-service-go/prisma/migrations'))).toEqual(
    files(join(root, 'apps/payment-service/prisma/migrations')),
  );
});

it('has the same Prisma models as apps/payment-service (only the generator differs)', () => {
  const models = (app: string) => {
    const schema = readFileSync(join(root, 'apps', app, 'prisma/schema.prisma'), 'utf8');
    return schema.slice(schema.indexOf('\ndatasource '));
  };
  expect(models('payment-service-go')).toBe(models('payment-service'));
});
