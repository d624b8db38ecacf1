import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import type { Db } from "../../src/infra/database/database";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { createPgliteTestDatabase } from "./create-pglite-test-database";
import { createTestDatabase } from "./create-test-database";
import { resetDatabase } from "./reset-database";

export interface SqlTestDatabase {
  db: Db;
  repos: Repositories;
}

const DATABASES = {
  PostgreSQL: () => createTestDatabase({ max: 4 }),
  PGlite: () => createPgliteTestDatabase(),
};

/**
 * Describes `title` twice, on PostgreSQL and on an in-memory PGlite: the same SQL must answer the
 * same on both. `current()` gives each test an emptied database and its repositories.
 */
export function describeOnEachSqlDatabase(
  title: string,
  body: (current: () => SqlTestDatabase) => void,
): void {
  describe.each(Object.entries(DATABASES))(`${title} on %s`, (_name, open) => {
    let database: { db: Db; close(): Promise<void> } | undefined;
    let current: SqlTestDatabase | undefined;
    beforeAll(async () => {
      database = await open();
    });
    afterAll(() => database?.close());
    beforeEach(async () => {
      if (!database) throw new Error("the database did not open");
      await resetDatabase(database.db);
      current = { db: database.db, repos: createPostgresRepositories(database.db) };
    });
    body(() => {
      if (!current) throw new Error("current() is for use inside a test");
      return current;
    });
  });
}
