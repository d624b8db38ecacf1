/**
 * Identifies one claim of one job. A finishing write applies only while the job is still
 * PROCESSING under this very claim, so a late or revived worker cannot overwrite a newer outcome.
 */
export interface JobFence {
  jobId: string;
  attempt: number;
  lockedBy: string;
}

/** The fence of a job as its claim returned it. */
export function fenceOfClaim(job: { id: string; attempts: number; lockedBy: string | null }): JobFence {
  return { jobId: job.id, attempt: job.attempts, lockedBy: job.lockedBy ?? "" };
}
