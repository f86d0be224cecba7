import pg from 'pg';

const pgCatalogChar = 18;
const pgText = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

function catalogCharAsText<Result extends QueryResultLike>(result: Result): Result {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === pgCatalogChar) field.dataTypeID = pgText;
  }
  return result;
}

/**
 * A pg client that reports Postgres' internal one-byte `"char"` type as text. The schema engine
 * reads catalog columns of that type (`pg_constraint.contype`, ...) when it inspects a database,
 * and @prisma/adapter-pg rejects the type ("Column type 'char' could not be deserialized"). pg
 * already hands the value over as a one-character string, so only the reported type changes.
 */
export class CatalogCharAsTextClient extends pg.Client {}

const query = pg.Client.prototype.query;
CatalogCharAsTextClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const callback = args.at(-1);
  if (typeof callback === 'function') {
    args[args.length - 1] = (error: unknown, result: QueryResultLike) =>
      callback(error, catalogCharAsText(result));
    return Reflect.apply(query, this, args);
  }
  const pending = Reflect.apply(query, this, args) as unknown;
  return pending instanceof Promise ? pending.then(catalogCharAsText) : pending;
} as pg.Client['query'];
