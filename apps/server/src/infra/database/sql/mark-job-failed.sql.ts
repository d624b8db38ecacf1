import { sql } from "drizzle-orm";
import type { JobError } from "../../../domain/job/job-error";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageFailed } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { finishJob } from "./finish-job.sql";
import { jsonb, timestamptz } from "./params";

export function markJobFailed(db: Db, fence: JobFence, error: JobError, event: MessageFailed) {
  return finishJob(db, {
    fence,
    event,
    job: sql`status = 'FAILED', last_error = ${jsonb(error)}`,
    intent: sql`status = 'FAILED', failed_at = ${timestamptz(event.occurredAt)}`,
  });
}
