export { createPgAdapter, createPrismaClient, type DatabaseConnectionOptions } from './client.ts';
export { type DatabaseTarget, parseDatabaseUrl } from './database-url.ts';
