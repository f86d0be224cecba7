import type { Pool, PoolClient } from 'pg';

/**
 * Runs a function in a node-postgres transaction on a connection from `pool`: COMMIT when it
 * resolves, ROLLBACK when it throws. The counterpart of Prisma's `$transaction(fn)`.
 */
export function pgTransaction(pool: Pool) {
  return async <T>(fn: (tx: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const onConnectionError = () => {};
    // A connection lost mid-transaction surfaces as the failed query; keep its event quiet.
    client.on('error', onConnectionError);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', onConnectionError);
      client.release(broken);
    }
  };
}
