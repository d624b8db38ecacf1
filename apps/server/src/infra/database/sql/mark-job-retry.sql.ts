import { sql } from "drizzle-orm";
import type { JobError } from "../../../domain/job/job-error";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageFailed } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { finishJob } from "./finish-job.sql";
import { jsonb, timestamptz } from "./params";

/** The intent stays APPROVED: it is still on its way. */
export function markJobRetry(
  db: Db,
  fence: JobFence,
  error: JobError,
  nextAttemptAt: Date,
  event: MessageFailed,
) {
  return finishJob(db, {
    fence,
    event,
    job: sql`status = 'RETRY', next_attempt_at = ${timestamptz(nextAttemptAt)}, last_error = ${jsonb(error)}`,
    intent: null,
  });
}
