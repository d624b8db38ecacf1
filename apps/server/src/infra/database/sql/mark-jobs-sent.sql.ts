import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageSent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { HELD_BY_FENCE } from "./fence-rows.sql";
import { arrayParam } from "./params";
import { queryPreparedRows } from "./query-prepared-rows";

export interface SentOutcome {
  fence: JobFence;
  providerMessageId: string;
  event: MessageSent;
}

/**
 * Many SENT outcomes in one statement (one round trip, one commit): for each, the fenced job
 * update, then the intent update and the MessageSent row fed by its RETURNING, exactly as
 * finishJob does for one. A stale fence matches no row and writes nothing for that outcome only.
 * Returns the fences of the jobs it finished.
 */
export async function markJobsSent(db: Db, outcomes: readonly SentOutcome[]): Promise<JobFence[]> {
  if (outcomes.length === 0) return [];
  const column = (type: Parameters<typeof arrayParam>[1], pick: (outcome: SentOutcome) => string | number) =>
    arrayParam(outcomes.map(pick), type);
  // The fence is part of the join (the same condition as every fenced write), so each job row meets
  // only the outcome that holds it, and the update's RETURNING carries it on to the intent and the timeline.
  const rows = await queryPreparedRows<{ id: string; attempt: number; locked_by: string }>(
    db,
    sql`
      with outcome as (
        select * from unnest(
          ${column("uuid", (o) => o.fence.jobId)}, ${column("int", (o) => o.fence.attempt)},
          ${column("text", (o) => o.fence.lockedBy)}, ${column("text", (o) => o.providerMessageId)},
          ${column("timestamptz", (o) => o.event.occurredAt.toISOString())},
          ${column("text", (o) => o.event.actor)},
          ${column("jsonb", (o) => JSON.stringify(o.event))}
        ) as o(job_id, attempt, locked_by, provider_message_id, at, actor, data)
      ), finished as (
        update message_execution_job job
        set status = 'SENT', provider_message_id = fence.provider_message_id, executed_at = fence.at,
            last_error = null, locked_by = null, locked_until = null, updated_at = fence.at
        from outcome fence
        where ${HELD_BY_FENCE}
        returning job.id, job.intent_id, job.organization_id, fence.attempt, fence.locked_by,
                  fence.actor, fence.data, fence.at
      ), intent as (
        -- Only an APPROVED intent may move to SENT (the MessageIntent rule).
        update message_intent set status = 'SENT', sent_at = finished.at, updated_at = finished.at
        from finished
        where message_intent.id = finished.intent_id and message_intent.status = 'APPROVED'
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select organization_id, intent_id, id, 'MessageSent', actor, data, at from finished
      )
      select id, attempt, locked_by from finished`,
  );
  return rows.map((row) => ({ jobId: row.id, attempt: row.attempt, lockedBy: row.locked_by }));
}
