import { randomBytes } from "node:crypto";
import type { Db, PostgresHandle } from "../../src/infra/database/database";
import { runMigrations } from "../../src/infra/database/migrate";
import { openPostgres } from "../../src/infra/database/open-postgres";
import { runAdmin } from "./run-admin";

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  database: PostgresHandle;
  db: Db;
  /** Closes the pool and drops the database, even with connections still open. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database on the real PostgreSQL named by TEST_DATABASE_URL (whose database is
 * only used to create and drop others), so that test files never share rows.
 */
export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `whatlead_test_${randomBytes(6).toString("hex")}`;
  await runAdmin(adminUrl, `create database ${name}`);
  const drop = () => runAdmin(adminUrl, `drop database if exists ${name} with (force)`);
  const url = urlOfDatabase(adminUrl, name);
  const database = openPostgres(url, { max: options.max ?? 10 });
  try {
    await runMigrations(database);
  } catch (error) {
    await database.close();
    await drop();
    throw error;
  }
  return {
    url,
    database,
    db: database.db,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

function urlOfDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
