export {
  type CreatedMigration,
  createMigration,
  deployMigrations,
  type MigrationProject,
  type MigrationState,
  type MigrationStatus,
  migrationStatus,
} from './commands.ts';
export { migrationDirectoryName, readMigrations } from './migration-files.ts';
export type { MigrationConnection } from './schema-engine.ts';
