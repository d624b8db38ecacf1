import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { Db } from "../database";
import { fenceRows, HELD_BY_FENCE } from "./fence-rows.sql";
import { databaseNowPlus } from "./params";
import { queryRows } from "./query-rows";

/** The heartbeat: one fenced UPDATE for every attempt a worker has in flight; returns those it still holds. */
export async function extendLeases(db: Db, fences: readonly JobFence[], leaseMs: number): Promise<string[]> {
  if (fences.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
      update message_execution_job job
      set locked_until = ${databaseNowPlus(leaseMs)}
      from ${fenceRows(fences)}
      where ${HELD_BY_FENCE}
      returning job.id`,
  );
  return rows.map((row) => row.id);
}
