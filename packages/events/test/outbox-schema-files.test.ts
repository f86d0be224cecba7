import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

interface Column {
  type: string;
  nullable: boolean;
}

const prismaToSql: Record<string, string> = {
  String: 'TEXT',
  BigInt: 'BIGINT',
  Int: 'INTEGER',
  Json: 'JSONB',
  DateTime: 'TIMESTAMP(3)',
};

/** Columns of each `@@map`ped model, as Prisma maps them to Postgres. */
function prismaTables(schema: string): Record<string, Record<string, Column>> {
  const tables: Record<string, Record<string, Column>> = {};
  for (const [, body] of schema.matchAll(/model \w+ \{([\s\S]*?)\n\}/g)) {
    const table = body?.match(/@@map\("(\w+)"\)/)?.[1];
    if (!body || !table) continue;
    const columns: Record<string, Column> = {};
    for (const line of body.split('\n').map((l) => l.trim())) {
      const field = line.match(/^(\w+)\s+(\w+)(\??)\s*(.*)$/);
      if (!field || line.startsWith('@@')) continue;
      const [, name, prismaType, optional, attributes = ''] = field;
      if (!name || !prismaType) continue;
      const native = attributes.match(/@db\.(\w+)(?:\((\d+)\))?/);
      const type = native
        ? `${native[1]?.toUpperCase()}${native[2] ? `(${native[2]})` : ''}`
        : (prismaToSql[prismaType] ?? prismaType);
      const column = attributes.match(/@map\("(\w+)"\)/)?.[1] ?? name;
      columns[column] = { type, nullable: optional === '?' };
    }
    tables[table] = columns;
  }
  return tables;
}

function sqlTables(ddl: string): Record<string, Record<string, Column>> {
  const tables: Record<string, Record<string, Column>> = {};
  for (const [, table, body] of ddl.matchAll(/CREATE TABLE IF NOT EXISTS "(\w+)" \(([^;]*)\);/g)) {
    if (!table || !body) continue;
    const columns: Record<string, Column> = {};
    for (const [, name, type, rest] of body.matchAll(/^\s+"(\w+)" ([A-Z]+(?:\(\d+\))?)(.*)$/gm)) {
      if (!name || !type) continue;
      columns[name] = {
        // BIGSERIAL is a BIGINT with its own sequence, what autoincrement() creates.
        type: type === 'BIGSERIAL' ? 'BIGINT' : type,
        nullable: !rest?.includes('NOT NULL'),
      };
    }
    tables[table] = columns;
  }
  return tables;
}

describe('outbox and inbox DDL', () => {
  it('the SQL file and the Prisma models define the same tables and columns', () => {
    const prisma = prismaTables(read('prisma/outbox.prisma'));
    const sql = sqlTables(read('sql/outbox.sql'));
    expect(Object.keys(prisma).sort()).toEqual(['inbox_events', 'outbox_events']);
    expect(sql).toEqual(prisma);
  });
});
