import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../src/database-url.ts';
import { migrationDirectoryName } from '../src/migrations/migration-files.ts';

describe('migrationDirectoryName', () => {
  it("is Prisma's UTC timestamp and a snake_case name", () => {
    expect(migrationDirectoryName('Add order notes!', new Date('2030-12-31T23:59:58.123Z'))).toBe(
      '20301231235958_add_order_notes',
    );
  });

  it('refuses a name without letters or digits', () => {
    expect(() => migrationDirectoryName(' -- ')).toThrow(/no letters or digits/);
  });
});

describe('parseDatabaseUrl', () => {
  it("takes Prisma's schema parameter out of the URL", () => {
    expect(parseDatabaseUrl('postgresql://u:p@h:5432/db?schema=orders&sslmode=disable')).toEqual({
      connectionString: 'postgresql://u:p@h:5432/db?sslmode=disable',
      schema: 'orders',
    });
  });

  it('leaves the schema open when the URL names none', () => {
    expect(parseDatabaseUrl('postgres://u@h/db').schema).toBeUndefined();
  });

  it('rejects what is not a Postgres URL, without echoing it (it may hold a password)', () => {
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db')).toThrow(/postgresql:\/\//);
    expect(() => parseDatabaseUrl('secret at localhost')).toThrow(/not a valid URL/);
  });
});
