/**
 * A Postgres connection string and the schema it is meant for. Prisma's URLs name the schema in a
 * `schema` query parameter; the pg driver does not know that parameter, so it is taken out here.
 */
export interface DatabaseTarget {
  connectionString: string;
  schema: string | undefined;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      'The database URL is not a valid URL (expected postgresql://user:pass@host/db)',
    );
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`The database URL must start with postgresql://, not ${parsed.protocol}//`);
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema: schema || undefined };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Double-quoted Postgres identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
