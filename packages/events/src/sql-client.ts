/** Prisma's client and its interactive-transaction client have this method. */
export interface PrismaLikeClient {
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  /** Prisma's clients have it; a client without it gets statements that need no rows back. */
  $queryRaw?<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

/** A node-postgres `Client` or `PoolClient` (inside BEGIN ... COMMIT) has this method. */
export interface PgLikeClient {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null; rows?: unknown[] }>;
}

/**
 * The open database transaction of a service, whichever client it uses. Statements run on it
 * commit or roll back with the service's own changes.
 */
export type TransactionClient = PrismaLikeClient | PgLikeClient;

function isPrisma(client: TransactionClient): client is PrismaLikeClient {
  return typeof (client as PrismaLikeClient).$executeRaw === 'function';
}

/**
 * A tag that runs one parameterised statement on either client and returns the affected row
 * count: Prisma receives the template itself, node-postgres gets `$1..$n` placeholders.
 */
export function statementOn(client: TransactionClient) {
  return async (strings: TemplateStringsArray, ...values: unknown[]): Promise<number> => {
    if (isPrisma(client)) return client.$executeRaw(strings, ...values);
    const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
    const result = await client.query(text, values);
    return result.rowCount ?? 0;
  };
}

/**
 * A tag that runs one parameterised query and returns its rows, or undefined when the client
 * cannot return rows (a Prisma-shaped client with `$executeRaw` alone).
 */
export function queryOn(client: TransactionClient) {
  return async <Row>(
    strings: TemplateStringsArray,
    ...values: unknown[]
  ): Promise<Row[] | undefined> => {
    if (isPrisma(client)) return client.$queryRaw?.<Row[]>(strings, ...values);
    const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
    return (await client.query(text, values)).rows as Row[] | undefined;
  };
}
