import type { Db, PgliteHandle } from "../../src/infra/database/database";
import { runMigrations } from "../../src/infra/database/migrate";
import { openPglite } from "../../src/infra/database/open-pglite";

export interface PgliteTestDatabase {
  database: PgliteHandle;
  db: Db;
  close(): Promise<void>;
}

/** A migrated PGlite database living in this process's memory only. */
export async function createPgliteTestDatabase(): Promise<PgliteTestDatabase> {
  const database = openPglite("memory://");
  await runMigrations(database);
  return { database, db: database.db, close: () => database.close() };
}
