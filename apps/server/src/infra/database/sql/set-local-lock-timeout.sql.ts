import { sql } from "drizzle-orm";
import type { Db } from "../database";

/**
 * Bounds how long this transaction's statements wait for a lock. Maintenance DDL waiting for an
 * exclusive lock makes every later writer queue behind it; giving up and trying again at the next
 * interval keeps that queue short.
 */
export async function setLocalLockTimeout(tx: Db, ms: number): Promise<void> {
  await tx.execute(sql`select set_config('lock_timeout', ${`${ms}ms`}, true)`);
}
