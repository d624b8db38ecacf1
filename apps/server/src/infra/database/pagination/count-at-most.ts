import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../database";

/**
 * Lists count at most this many matching rows: an exact count of a large backlog would read all of
 * it on every refresh, while an estimate from statistics is wrong when they are stale (autovacuum may
 * be off). Past the cap a list says "10,000+".
 */
export const LIST_COUNT_CAP = 10_000;

/** The rows `where` matches, reading at most one past the cap. */
export async function countAtMost(
  db: Db,
  table: PgTable,
  where: SQL | undefined,
): Promise<{ total: number; totalCapped: boolean }> {
  const matching = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(LIST_COUNT_CAP + 1)
    .as("matching");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  const counted = Number(row?.n ?? 0);
  return { total: Math.min(counted, LIST_COUNT_CAP), totalCapped: counted > LIST_COUNT_CAP };
}
