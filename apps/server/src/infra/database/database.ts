import type { PGlite } from "@electric-sql/pglite";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { Pool } from "pg";
import type * as schema from "./schema";

export type Schema = typeof schema;

/**
 * What repositories query through: the common base of both drivers' databases and of their
 * transactions, so one repository class serves PostgreSQL, PGlite and a unit of work alike.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface PostgresHandle {
  kind: "postgres";
  db: NodePgDatabase<Schema>;
  pool: Pool;
  close(): Promise<void>;
}

export interface PgliteHandle {
  kind: "pglite";
  db: PgliteDatabase<Schema>;
  client: PGlite;
  close(): Promise<void>;
}

/** An open database. `kind` keeps the driver-specific handle for what differs (migrations, closing). */
export type Database = PostgresHandle | PgliteHandle;
