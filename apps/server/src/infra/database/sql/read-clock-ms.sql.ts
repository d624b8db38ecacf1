import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** The database's clock now (not at its transaction's start), in milliseconds since the epoch. */
export async function readClockMs(db: Db): Promise<number> {
  const [row] = await queryRows<{ ms: number }>(
    db,
    sql`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`,
  );
  if (row === undefined) throw new Error("the database did not answer its clock");
  return row.ms;
}
