import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./database";
import { migrationsFolder } from "./migrate";
import { queryRows } from "./sql/query-rows";
import { hasSqlState } from "./unique-violation";

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this build ships, from drizzle-kit's journal. */
function shippedMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

const UNDEFINED_TABLE = "42P01";
const UNDEFINED_SCHEMA = "3F000";

/**
 * Tags of shipped migrations the database has not applied. Drizzle's migrator records each
 * applied migration with the journal's `when` as `created_at`, which is what is compared here.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const applied = new Set((await appliedMigrationTimes(db)).map(Number));
  return shippedMigrations()
    .filter((entry) => !applied.has(entry.when))
    .map((entry) => entry.tag);
}

async function appliedMigrationTimes(db: Db): Promise<unknown[]> {
  try {
    const rows = await queryRows<{ created_at: unknown }>(
      db,
      sql`select created_at from drizzle.__drizzle_migrations`,
    );
    return rows.map((row) => row.created_at);
  } catch (error) {
    // A database never migrated has neither; every shipped migration is then pending.
    if (hasSqlState(error, UNDEFINED_TABLE) || hasSqlState(error, UNDEFINED_SCHEMA)) return [];
    throw error;
  }
}
