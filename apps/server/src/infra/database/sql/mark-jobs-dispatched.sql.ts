import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { Db } from "../database";
import { arrayParam, timestamptz } from "./params";

/** One fenced UPDATE for the whole batch: a fence that no longer holds its job matches nothing. */
export async function markJobsDispatched(db: Db, fences: readonly JobFence[], at: Date): Promise<void> {
  if (fences.length === 0) return;
  const jobIds = arrayParam(
    fences.map((fence) => fence.jobId),
    "uuid",
  );
  const attempts = arrayParam(
    fences.map((fence) => fence.attempt),
    "int",
  );
  const owners = arrayParam(
    fences.map((fence) => fence.lockedBy),
    "text",
  );
  await db.execute(sql`
    update message_execution_job job
    set dispatched_at = ${timestamptz(at)}
    from unnest(${jobIds}, ${attempts}, ${owners}) as fence(job_id, attempt, locked_by)
    where job.id = fence.job_id and job.status = 'PROCESSING'
      and job.attempts = fence.attempt and job.locked_by = fence.locked_by`);
}
