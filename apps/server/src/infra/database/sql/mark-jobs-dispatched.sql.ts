import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { Db } from "../database";
import { fenceRows, HELD_BY_FENCE } from "./fence-rows.sql";
import { timestamptz } from "./params";

/** One fenced UPDATE for the whole batch: a fence that no longer holds its job matches nothing. */
export async function markJobsDispatched(db: Db, fences: readonly JobFence[], at: Date): Promise<void> {
  if (fences.length === 0) return;
  await db.execute(sql`
    update message_execution_job job
    set dispatched_at = ${timestamptz(at)}
    from ${fenceRows(fences)}
    where ${HELD_BY_FENCE}`);
}
