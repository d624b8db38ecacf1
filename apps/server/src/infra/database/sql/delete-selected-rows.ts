import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** Deletes the rows of `table` whose ids `select` returns (one retention batch); returns how many. */
export async function deleteSelectedRows(
  db: Db,
  table: "webhook_delivery" | "gateway_event",
  select: SQL,
): Promise<number> {
  const rows = await queryRows<{ deleted: number }>(
    db,
    sql`
      with doomed as (${select}),
      deleted as (delete from ${sql.identifier(table)} t using doomed where t.id = doomed.id returning 1)
      select count(*)::int as deleted from deleted`,
  );
  return rows[0]?.deleted ?? 0;
}
