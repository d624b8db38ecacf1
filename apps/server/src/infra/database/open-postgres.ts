import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { PostgresHandle } from "./database";
import * as schema from "./schema";
import { preferUnnamedStatements } from "./sql/query-prepared-rows";

/** `transaction`: DATABASE_URL is a transaction pooler (PgBouncer), which keeps no session state. */
export type PoolMode = "session" | "transaction";

export interface PostgresOptions {
  /** Pool size: concurrent claims and sends of one process each hold a connection briefly. */
  max?: number;
  /** Told when an idle pooled connection dies (server restart, terminated backend). */
  onIdleClientError?: (error: Error) => void;
  poolMode?: PoolMode;
}

export function openPostgres(url: string, options: PostgresOptions = {}): PostgresHandle {
  const transactionPooled = options.poolMode === "transaction";
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Only named statements are affected: the hot ones (query-prepared-rows.ts). Left to choose,
    // PostgreSQL re-plans the claim at every call (its generic estimate cannot see the LIMIT);
    // the statements are written so that the generic plan is the same index walk. A transaction
    // pooler refuses this startup parameter, and there every statement is unnamed anyway.
    ...(transactionPooled ? {} : { options: "-c plan_cache_mode=force_generic_plan" }),
  });
  if (transactionPooled) preferUnnamedStatements(pool);
  // Without a listener such an error would crash the process; the pool already dropped the
  // dead connection and the next query opens a new one.
  pool.on("error", (error) => options.onIdleClientError?.(error));
  // A connection can also die while checked out, between two statements of a transaction (the
  // claim's, every unit of work's): pg then emits the error on the client, where no listener would
  // crash the process. The next statement on it fails and rolls its work back, and the pool drops
  // the connection when it is released, so there is nothing more to do here.
  pool.on("connect", (client) => client.on("error", failsItsNextStatement));
  const db = drizzle({ client: pool, schema });
  return { kind: "postgres", db, pool, close: () => pool.end() };
}

function failsItsNextStatement(): void {}
