import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { PostgresHandle } from "./database";
import * as schema from "./schema";

export interface PostgresOptions {
  /** Pool size: concurrent claims and sends of one process each hold a connection briefly. */
  max?: number;
}

export function openPostgres(url: string, options: PostgresOptions = {}): PostgresHandle {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  const db = drizzle({ client: pool, schema });
  return { kind: "postgres", db, pool, close: () => pool.end() };
}
