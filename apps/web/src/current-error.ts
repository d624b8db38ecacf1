import type { Job, JobError } from "./api/types";

/**
 * The error that still matters: once a job is SENT (however: a later attempt, the gateway's
 * report, an operator's confirmation) an earlier attempt's error is history, kept on the timeline.
 */
export function currentError(job: Job): JobError | null {
  return job.status === "SENT" || job.status === "CANCELLED" ? null : job.lastError;
}
