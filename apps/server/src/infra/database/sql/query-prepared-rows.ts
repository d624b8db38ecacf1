import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

const dialect = new PgDialect();
/** One statement name per distinct text: the same name must always carry the same text. */
const names = new Map<string, string>();
/** Pools behind a transaction pooler, and every connection they open. */
const withoutNamedStatements = new WeakSet<object>();

/**
 * Behind a transaction pooler (PgBouncer `pool_mode = transaction`) each transaction may run on
 * another server connection, where a statement prepared on the last one does not exist: the
 * pool's statements then go unnamed (parsed and planned at each call, and no server-side state).
 */
export function preferUnnamedStatements(pool: pg.Pool): void {
  withoutNamedStatements.add(pool);
  pool.on("connect", (client) => withoutNamedStatements.add(client));
}

/**
 * Runs a hot statement (claims, batched outcomes) as a named prepared statement: PostgreSQL parses
 * and plans it once per connection and then reuses a generic plan, instead of spending about as
 * long planning each call as running it. Only for statements whose text takes a few shapes (the
 * values are parameters): every shape stays prepared on every pooled connection. PGlite ignores the
 * name and runs it as any other statement.
 */
export async function queryPreparedRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  // The database's client is the pool, or a transaction's own connection; drizzle keeps it private.
  const client = (db._.session as unknown as { client?: object }).client;
  if (client !== undefined && withoutNamedStatements.has(client)) return queryRows<T>(db, query);
  const compiled = dialect.sqlToQuery(query);
  let name = names.get(compiled.sql);
  if (name === undefined) {
    name = `whatlead_hot_${names.size + 1}`;
    names.set(compiled.sql, name);
  }
  const result = await db._.session.prepareQuery(compiled, undefined, name, false).execute();
  // Both drivers answer `{ rows }`, as for queryRows.
  return (result as unknown as { rows: T[] }).rows;
}
