import { sql } from "drizzle-orm";
import type { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type { ExecutionJobCreated } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { jobFromRow, jobToRow } from "../mappers/job-row";
import { messageExecutionJobTable } from "../schema";
import { insertTimelineEventFor } from "./insert-timeline-event.sql";
import { queryRows } from "./query-rows";

/**
 * Inserts the job unless its intent already has one (the unique intent_id decides, even between
 * concurrent callers), and its ExecutionJobCreated row only if it was inserted. Null when it existed.
 */
export async function insertJobIfAbsent(
  db: Db,
  job: MessageExecutionJob,
  event: ExecutionJobCreated,
): Promise<MessageExecutionJob | null> {
  const insert = db
    .insert(messageExecutionJobTable)
    .values(jobToRow(job))
    .onConflictDoNothing({ target: messageExecutionJobTable.intentId })
    .returning();
  const rows = await queryRows<{ job: Record<string, unknown> }>(
    db,
    sql`
      with inserted as (${insert.getSQL()}),
      timeline as (${insertTimelineEventFor(event, sql`inserted`)})
      select to_jsonb(inserted) as job from inserted`,
  );
  const row = rows[0];
  return row ? jobFromRow(decodeRow(messageExecutionJobTable, row.job)) : null;
}
