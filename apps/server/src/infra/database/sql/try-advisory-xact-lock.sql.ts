import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/**
 * Takes a transaction-level advisory lock if nobody holds it. Transaction-level, not session-level:
 * through a transaction pooler a session lock would stay on a server connection someone else gets.
 */
export async function tryAdvisoryXactLock(tx: Db, key: number): Promise<boolean> {
  const rows = await queryRows<{ locked: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(${String(key)}::bigint) as locked`,
  );
  return rows[0]?.locked === true;
}
