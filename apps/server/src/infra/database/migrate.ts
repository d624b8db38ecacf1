import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Pool } from "pg";
import { SERVER_ROOT } from "../../server-root";
import type { Database } from "./database";

// Resolved from the package, not from the working directory, so any entry point finds the files.
export const migrationsFolder = join(SERVER_ROOT, "src", "infra", "database", "migrations");

// Any constant shared by every process of this application; it names the migration lock.
const MIGRATION_LOCK_KEY = 7_318_204_551;

/** Applies the pending drizzle-kit migrations; safe to call on every start. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db, { migrationsFolder });
    return;
  }
  await migrateUnderLock(database.pool);
}

/**
 * Several hosts may start at once: an advisory lock makes them migrate one after the other. It is
 * a transaction's lock, not a session's, so that it also holds through a transaction pooler: the
 * migrator's own BEGIN (a warning inside ours) and COMMIT end this transaction and release it.
 */
async function migrateUnderLock(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await migratePostgres(drizzle({ client }), { migrationsFolder });
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
