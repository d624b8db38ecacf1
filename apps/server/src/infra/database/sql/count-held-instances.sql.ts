import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** Held instances by the code that holds them; codes without a held instance are absent. */
export async function countHeldInstances(db: Db): Promise<Record<string, number>> {
  const rows = await queryRows<{ code: string; count: number }>(
    db,
    sql`select hold_code as code, count(*)::int as count from instance where held_since is not null group by hold_code`,
  );
  return Object.fromEntries(rows.map((row) => [row.code, row.count]));
}
