import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { PostgresHandle } from "./database";
import * as schema from "./schema";
import { PLANNER_WITHOUT_STATISTICS, registerPoolStatements } from "./sql/hot-statements";

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
  const max = options.max ?? 10;
  if (options.poolMode === "transaction") {
    // A transaction pooler keeps no session state and refuses startup settings: statements go
    // unnamed and the claim sets its planner settings in each of its transactions.
    const pool = poolOf({ connectionString: url, max }, options);
    registerPoolStatements(pool, { namedStatements: false });
    const db = drizzle({ client: pool, schema });
    return { kind: "postgres", db, pool, close: () => pool.end() };
  }
  // Only named statements are affected: the hot ones (hot-statements.ts). Left to choose,
  // PostgreSQL re-plans the claim at every call (its generic estimate cannot see the LIMIT); the
  // statements are written so that the generic plan is the same index walk.
  const genericPlans = "-c plan_cache_mode=force_generic_plan";
  const pool = poolOf({ connectionString: url, max, options: genericPlans }, options);
  // The claim's own connections carry its planner settings from their start, so a claim is one
  // round trip: a claimer holds one connection at a time, two leave room for a second loop.
  const withoutStatistics = Object.entries(PLANNER_WITHOUT_STATISTICS).map(
    ([name, value]) => `-c ${name}=${value}`,
  );
  const claims = poolOf(
    { connectionString: url, max: Math.min(2, max), options: [genericPlans, ...withoutStatistics].join(" ") },
    options,
  );
  registerPoolStatements(pool, { namedStatements: true, claims });
  const db = drizzle({ client: pool, schema });
  const close = async () => {
    await Promise.all([pool.end(), claims.end()]);
  };
  return { kind: "postgres", db, pool, close };
}

function poolOf(config: pg.PoolConfig, options: PostgresOptions): pg.Pool {
  const pool = new pg.Pool(config);
  // Without a listener such an error would crash the process; the pool already dropped the
  // dead connection and the next query opens a new one.
  pool.on("error", (error) => options.onIdleClientError?.(error));
  // A connection can also die while checked out, between two statements of a transaction (the
  // claim's, every unit of work's): pg then emits the error on the client, where no listener would
  // crash the process. The next statement on it fails and rolls its work back, and the pool drops
  // the connection when it is released, so there is nothing more to do here.
  pool.on("connect", (client) => client.on("error", failsItsNextStatement));
  return pool;
}

function failsItsNextStatement(): void {}
