import { sql } from "drizzle-orm";
import type { JobError } from "../../../domain/job/job-error";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageUnconfirmed } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { finishJob } from "./finish-job.sql";
import { jsonb } from "./params";

/** The message may have left: the intent stays APPROVED until a receipt or an operator settles it. */
export function markJobUnconfirmed(db: Db, fence: JobFence, error: JobError, event: MessageUnconfirmed) {
  return finishJob(db, {
    fence,
    event,
    job: sql`status = 'UNCONFIRMED', last_error = ${jsonb(error)}`,
    intent: null,
  });
}
