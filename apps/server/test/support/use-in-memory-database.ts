import { afterAll, beforeAll } from "vitest";
import type { PgliteHandle } from "../../src/infra/database/database";
import { createPgliteTestDatabase, type PgliteTestDatabase } from "./create-pglite-test-database";
import { resetDatabase } from "./reset-database";

/**
 * The production SQL on one in-memory PGlite for the calling test file: the fast tests' database.
 * Returns a function that empties it for the next test. Migrating a PGlite takes seconds and emptying
 * it milliseconds, so the file's tests share one database, never its rows.
 */
export function useInMemoryDatabase(): () => Promise<PgliteHandle> {
  let database: PgliteTestDatabase | undefined;
  beforeAll(async () => {
    database = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return async () => {
    if (!database) throw new Error("useInMemoryDatabase() must be called while a test file is collected");
    await resetDatabase(database.db);
    return database.database;
  };
}
