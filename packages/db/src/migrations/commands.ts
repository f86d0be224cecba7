import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DiagnoseMigrationHistoryOutput } from '@prisma/schema-engine-wasm';
import {
  lockfileContent,
  migrationDirectoryName,
  readMigrations,
  readPrismaSchema,
  writeMigration,
} from './migration-files.ts';
import { type MigrationConnection, noFilters, openSchemaEngine } from './schema-engine.ts';

export interface MigrationProject {
  /** `prisma/schema.prisma`, or a folder of `.prisma` files. */
  schemaPath: string;
  /** Defaults to `migrations` next to the schema, as Prisma has it. */
  migrationsDir?: string;
}

async function migrationsDirOf(project: MigrationProject): Promise<string> {
  if (project.migrationsDir) return project.migrationsDir;
  const isFolder = (await stat(project.schemaPath)).isDirectory();
  return join(isFolder ? project.schemaPath : dirname(project.schemaPath), 'migrations');
}

async function withEngine<T>(
  project: MigrationProject,
  connection: MigrationConnection,
  work: (
    engine: Awaited<ReturnType<typeof openSchemaEngine>>,
    migrationsDir: string,
    schemaFiles: Awaited<ReturnType<typeof readPrismaSchema>>,
  ) => Promise<T>,
): Promise<T> {
  const schemaFiles = await readPrismaSchema(project.schemaPath);
  const migrationsDir = await migrationsDirOf(project);
  const opened = await openSchemaEngine(connection, schemaFiles);
  try {
    return await work(opened, migrationsDir, schemaFiles);
  } catch (error) {
    throw opened.connectionError() ?? error;
  } finally {
    await opened.close();
  }
}

/** `prisma migrate deploy`: applies every migration the database has not seen, in order. */
export async function deployMigrations(
  project: MigrationProject,
  connection: MigrationConnection,
): Promise<{ schema: string; applied: string[] }> {
  return withEngine(project, connection, async ({ engine, schema }, migrationsDir) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(migrationsDir),
      filters: noFilters,
    });
    return { schema, applied: appliedMigrationNames };
  });
}

export type MigrationState = 'applied' | 'pending' | 'failed';

export interface MigrationStatus {
  schema: string;
  /** Every migration in the folder, in order. */
  migrations: { name: string; state: MigrationState }[];
  /** Applied migrations whose file changed since. */
  edited: string[];
  /** Applied to the database but missing from the folder. */
  onlyInDatabase: string[];
  upToDate: boolean;
}

function unapplied(history: DiagnoseMigrationHistoryOutput['history']): string[] {
  if (history?.diagnostic === 'databaseIsBehind') return history.unappliedMigrationNames;
  if (history?.diagnostic === 'historiesDiverge') return history.unappliedMigrationNames;
  return [];
}

function unpersisted(history: DiagnoseMigrationHistoryOutput['history']): string[] {
  if (history?.diagnostic === 'migrationsDirectoryIsBehind')
    return history.unpersistedMigrationNames;
  if (history?.diagnostic === 'historiesDiverge') return history.unpersistedMigrationNames;
  return [];
}

/** `prisma migrate status`: which migrations the database has, lacks, or failed on. */
export async function migrationStatus(
  project: MigrationProject,
  connection: MigrationConnection,
): Promise<MigrationStatus> {
  return withEngine(project, connection, async ({ engine, schema }, migrationsDir) => {
    const migrationsList = await readMigrations(migrationsDir);
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: noFilters,
    });
    const pending = new Set(unapplied(diagnosis.history));
    const failed = new Set(diagnosis.failedMigrationNames);
    const migrations = migrationsList.migrationDirectories.map(({ path: name }) => ({
      name,
      state: failed.has(name)
        ? ('failed' as const)
        : pending.has(name)
          ? ('pending' as const)
          : ('applied' as const),
    }));
    const onlyInDatabase = unpersisted(diagnosis.history);
    return {
      schema,
      migrations,
      edited: diagnosis.editedMigrationNames,
      onlyInDatabase,
      upToDate:
        migrations.every((migration) => migration.state === 'applied') &&
        onlyInDatabase.length === 0,
    };
  });
}

export interface CreatedMigration {
  name: string;
  directory: string;
  sql: string;
}

/**
 * `prisma migrate dev --create-only`: replays the migrations in a shadow database, compares the
 * result with the Prisma schema, and writes the difference as a new migration. Returns null when
 * the schema adds nothing. The database itself is not changed.
 */
export async function createMigration(
  project: MigrationProject,
  connection: MigrationConnection,
  name: string,
  now = new Date(),
): Promise<CreatedMigration | null> {
  const directoryName = migrationDirectoryName(name, now);
  return withEngine(project, connection, async ({ engine }, migrationsDir, schemaFiles) => {
    const history = await readMigrations(migrationsDir);
    // The first migration writes the lockfile; until then the engine is told what it will say.
    history.lockfile.content ??= lockfileContent;
    const result = await engine.diff({
      from: { tag: 'migrations', ...history },
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      // Makes the engine answer 2 for a non-empty difference and 0 for none.
      exitCode: true,
      filters: noFilters,
    });
    if (result.exitCode === 0 || !result.stdout) return null;
    const directory = await writeMigration(migrationsDir, directoryName, result.stdout);
    return { name: directoryName, directory, sql: result.stdout };
  });
}
