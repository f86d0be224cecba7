import pg from 'pg';

/**
 * The relay's own small pool, as the service's role: its unqualified table names resolve
 * through the role's search_path, exactly as `enqueue` inside the service's transactions does.
 * It holds one connection for LISTEN and borrows one per batch.
 */
export function createOutboxPool(
  connectionString: string,
  max = 3,
  onIdleError: (error: Error) => void = () => {},
): pg.Pool {
  const url = new URL(connectionString);
  // Prisma's `?schema=` parameter means nothing to node-postgres.
  url.searchParams.delete('schema');
  const pool = new pg.Pool({ connectionString: url.toString(), max });
  // An idle connection that Postgres ends (a restart, an administrator's command) is an
  // 'error' event on the pool, which replaces the connection; without a listener it would be
  // an uncaught exception that takes the whole service down.
  pool.on('error', onIdleError);
  return pool;
}
