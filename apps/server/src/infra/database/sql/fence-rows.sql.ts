import { type SQL, sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import { arrayParam } from "./params";

/** The fences as rows `fence(job_id, attempt, locked_by)`, for batched fenced writes. */
export function fenceRows(fences: readonly JobFence[]): SQL {
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
  return sql`unnest(${jobIds}, ${attempts}, ${owners}) as fence(job_id, attempt, locked_by)`;
}

/** The condition a fenced write puts on `job`: still PROCESSING under this very claim. */
export const HELD_BY_FENCE = sql`job.id = fence.job_id and job.status = 'PROCESSING'
  and job.attempts = fence.attempt and job.locked_by = fence.locked_by`;
