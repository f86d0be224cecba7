#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { prismaGenerate } from './prisma-generate.ts';
import { quietWebAssemblyImportWarning } from './quiet-warnings.ts';

const usage = `Usage: ecommerce-db <command> [options]

Commands:
  generate                  generate the Prisma client (no native engine, no download)
  migrate deploy            apply the migrations the database has not seen
  migrate status            list applied, pending and failed migrations (exit 1 unless up to date)
  migrate create <name>     write a new migration for what the schema adds (needs no live changes)

Options:
  --schema <path>           Prisma schema file or folder (default: prisma/schema.prisma)
  --db-schema <name>        Postgres schema (default: DATABASE_URL's ?schema=, else the role's
                            current schema)
  --verbose                 print the schema engine's log

Environment:
  DATABASE_URL              the service role's Postgres URL (migrate)
  DATABASE_ADMIN_URL        a role that may create databases, for the temporary shadow database
                            of 'migrate create' (default: DATABASE_URL)
`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) fail(`${name} is not set: it must hold the service role's Postgres URL`);
  return value;
}

/** Engine errors carry a Rust span trace after the message; users need the message. */
function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\n\s+0: /)[0] ?? message;
}

async function migrate(action: string | undefined, rest: string[], values: Options) {
  quietWebAssemblyImportWarning();
  const migrations = await import('../migrations/index.ts');
  const project = { schemaPath: values.schema };
  const connection = {
    databaseUrl: requiredEnv('DATABASE_URL'),
    ...(values['db-schema'] ? { schema: values['db-schema'] } : {}),
    ...(process.env.DATABASE_ADMIN_URL ? { adminUrl: process.env.DATABASE_ADMIN_URL } : {}),
    ...(values.verbose ? { onEngineLog: (line: string) => console.error(line) } : {}),
  };
  switch (action) {
    case 'deploy': {
      const { schema, applied } = await migrations.deployMigrations(project, connection);
      if (applied.length === 0) console.log(`No pending migrations (schema "${schema}").`);
      for (const name of applied) console.log(`Applied ${name} (schema "${schema}")`);
      return 0;
    }
    case 'status': {
      const status = await migrations.migrationStatus(project, connection);
      console.log(`Schema "${status.schema}": ${status.migrations.length} migration(s)`);
      for (const { name, state } of status.migrations) console.log(`  ${state.padEnd(8)} ${name}`);
      for (const name of status.onlyInDatabase)
        console.log(`  missing  ${name} (applied, not in folder)`);
      for (const name of status.edited)
        console.log(`  edited   ${name} (changed after it was applied)`);
      console.log(status.upToDate ? 'Database is up to date.' : 'Database is not up to date.');
      return status.upToDate ? 0 : 1;
    }
    case 'create': {
      const name = rest.join(' ');
      if (!name) fail('migrate create needs a name: ecommerce-db migrate create add_orders');
      const created = await migrations.createMigration(project, connection, name);
      if (!created) console.log('No changes: the schema matches the migrations.');
      else console.log(`Created ${created.directory}/migration.sql`);
      return 0;
    }
    default:
      fail(usage);
  }
}

interface Options {
  schema: string;
  'db-schema'?: string;
  verbose?: boolean;
  help?: boolean;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      schema: { type: 'string', default: 'prisma/schema.prisma' },
      'db-schema': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, action, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 1;
  }
  if (command === 'generate') return prismaGenerate(values.schema, positionals.slice(1));
  if (command === 'migrate') return migrate(action, rest, values);
  fail(usage);
}

main(process.argv.slice(2)).then(
  // Exit at once: the engine leaves a 10 s timer running (its advisory-lock timeout) that would
  // otherwise keep the process alive after the work is done.
  (code) => process.exit(code),
  (error: unknown) => fail(shortMessage(error)),
);
