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

/** Several hosts may start at once: a session advisory lock makes them migrate one after the other. */
async function migrateUnderLock(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migratePostgres(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
