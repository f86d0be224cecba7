import pg from 'pg';

/**
 * The relay's own small pool, as the service's role: its unqualified table names resolve
 * through the role's search_path, exactly as `enqueue` inside the service's transactions does.
 * It holds one connection for LISTEN and borrows one per batch.
 */
export function createOutboxPool(connectionString: string, max = 3): pg.Pool {
  const url = new URL(connectionString);
  // Prisma's `?schema=` parameter means nothing to node-postgres.
  url.searchParams.delete('schema');
  return new pg.Pool({ connectionString: url.toString(), max });
}
