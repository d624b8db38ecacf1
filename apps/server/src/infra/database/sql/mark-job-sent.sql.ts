import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageSent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { finishJob } from "./finish-job.sql";
import { timestamptz } from "./params";

export function markJobSent(db: Db, fence: JobFence, providerMessageId: string, event: MessageSent) {
  const at = timestamptz(event.occurredAt);
  return finishJob(db, {
    fence,
    event,
    job: sql`status = 'SENT', provider_message_id = ${providerMessageId}, executed_at = ${at}, last_error = null`,
    intent: sql`status = 'SENT', sent_at = ${at}`,
  });
}
