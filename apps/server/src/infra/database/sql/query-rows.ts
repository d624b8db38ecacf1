import type { SQL } from "drizzle-orm";
import type { Db } from "../database";

/** Runs a raw statement and returns its rows. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  // Both drivers answer `{ rows }`; the drivers' common base type cannot say so.
  return (result as unknown as { rows: T[] }).rows;
}
