import { type SQL, sql } from "drizzle-orm";
import type {
  CompletionBatch,
  CompletionResult,
  Dispatch,
  JobOutcome,
  OutcomeEvent,
} from "../../../application/ports/job-queue";
import type { InstanceEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { eventFromJson } from "../mappers/domain-event-json";
import { timelineRowFor } from "../mappers/timeline-row";
import { HELD_BY_FENCE } from "./fence-rows.sql";
import { holdInstances, insertHoldEvents } from "./hold-instances.sql";
import { hotStatements } from "./hot-statements";
import { arrayParam, databaseNowPlus, isoText } from "./params";

/** The dispatch marks as rows `fence(job_id, attempt, locked_by, message_id)`, '' for no chosen id. */
function dispatchRows(dispatches: readonly Dispatch[]): SQL {
  const column = (type: Parameters<typeof arrayParam>[1], pick: (dispatch: Dispatch) => string | number) =>
    arrayParam(dispatches.map(pick), type);
  return sql`unnest(${column("uuid", (d) => d.jobId)}, ${column("int", (d) => d.attempt)},
    ${column("text", (d) => d.lockedBy)}, ${column("text", (d) => d.messageId ?? "")})
    as fence(job_id, attempt, locked_by, message_id)`;
}

/**
 * A completer's batch in one statement (River's JobSetStateIfRunningMany): the dispatch marks of
 * claims about to be sent, and every outcome whatever its status. For each outcome, the fenced
 * job update, then the intent update and the timeline row fed by its RETURNING, so they happen
 * only if it did. A stale fence matches no row and writes nothing for that item only. A RETRY is
 * due its delay after the database's now, and its event says so. An UNAVAILABLE outcome is a RETRY
 * due now with one more attempt in its budget (the fence stays unique), and its instance, or every
 * instance of its gateway, goes on hold in the same statement: the claim skips held instances.
 */
export async function completeJobs(db: Db, batch: CompletionBatch): Promise<CompletionResult> {
  const { outcomes, dispatches, answeredMsAgo = [] } = batch;
  if (outcomes.length === 0 && dispatches.length === 0) return { dispatched: [], events: [], holds: [] };
  const column = (type: Parameters<typeof arrayParam>[1], pick: (outcome: JobOutcome) => string | number) =>
    arrayParam(outcomes.map(pick), type);
  // The fence is part of the join (the same condition as every fenced write), so each job row meets
  // only the outcome that holds it, and the update's RETURNING carries it on to the intent and the timeline.
  const rows = await hotStatements(db).rows<{
    dispatched_id: string | null;
    data: Record<string, unknown> | null;
  }>(
    sql`
      with dispatched as (
        -- The attempt's own message id (when we choose it) is stored with the mark, before the
        -- request leaves, so that a receipt for it finds this job even if the answer is lost.
        update message_execution_job job
        set dispatched_at = now(),
            provider_message_id = coalesce(nullif(fence.message_id, ''), job.provider_message_id)
        from ${dispatchRows(dispatches)}
        where ${HELD_BY_FENCE}
        returning job.id
      ), outcome as (
        select * from unnest(
          ${column("uuid", (o) => o.fence.jobId)}, ${column("int", (o) => o.fence.attempt)},
          ${column("text", (o) => o.fence.lockedBy)}, ${column("text", (o) => o.status)},
          ${column("int", (o) => (o.status === "RETRY" ? o.retryInMs : 0))},
          ${column("timestamptz", (o) => o.event.occurredAt.toISOString())},
          ${column("jsonb", (o) => JSON.stringify(timelineRowFor(o.event).data))},
          ${column("text", (o) => (o.status === "UNAVAILABLE" ? o.scope : ""))},
          ${arrayParam(
            outcomes.map((_, i) => Math.max(0, Math.floor(answeredMsAgo[i] ?? 0))),
            "int",
          )}
        ) as o(job_id, attempt, locked_by, status, retry_in_ms, at, data, hold_scope, answered_ms_ago)
      ), finished as (
        update message_execution_job job
        set status = case when fence.status = 'UNAVAILABLE' then 'RETRY' else fence.status end,
            max_attempts = job.max_attempts + (fence.status = 'UNAVAILABLE')::int,
            provider_message_id = case when fence.status = 'SENT' then fence.data->>'providerMessageId'
                                       else job.provider_message_id end,
            executed_at = case when fence.status = 'SENT' then fence.at else job.executed_at end,
            next_attempt_at = case when fence.status in ('RETRY', 'UNAVAILABLE') then ${databaseNowPlus(sql`fence.retry_in_ms`)}
                                   else job.next_attempt_at end,
            last_error = fence.data->'error',
            answered_at = now() - fence.answered_ms_ago * interval '1 millisecond',
            locked_by = null, locked_until = null, updated_at = fence.at
        from outcome fence
        where ${HELD_BY_FENCE}
        returning job.id, job.intent_id, job.organization_id, job.instance_id, job.provider, job.next_attempt_at,
                  fence.status, fence.at, fence.hold_scope,
                  case when fence.status = 'RETRY'
                       then jsonb_set(fence.data, '{nextAttemptAt}', to_jsonb(${isoText(sql`job.next_attempt_at`)}))
                       else fence.data end as data
      ), intent as (
        -- Only an APPROVED intent may move to SENT or FAILED (the MessageIntent rule); the others leave it APPROVED.
        update message_intent
        set status = finished.status,
            sent_at = case when finished.status = 'SENT' then finished.at else message_intent.sent_at end,
            failed_at = case when finished.status = 'FAILED' then finished.at else message_intent.failed_at end,
            updated_at = finished.at
        from finished
        where message_intent.id = finished.intent_id and message_intent.status = 'APPROVED'
          and finished.status in ('SENT', 'FAILED')
      ), held as (${holdInstances(sql`finished`)}
      ), hold_events as (${insertHoldEvents(sql`held`)}
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select organization_id, intent_id, id, data->>'type', data->>'actor', data, at from finished
      )
      select null::uuid as dispatched_id, data from finished
      union all
      select id, null from dispatched
      union all
      select null, data from hold_events`,
  );
  const result: CompletionResult = { dispatched: [], events: [], holds: [] };
  for (const row of rows) {
    if (row.dispatched_id) result.dispatched.push(row.dispatched_id);
    else if (row.data?.type === "InstanceDisconnected")
      result.holds.push(eventFromJson(row.data) as InstanceEvent);
    else if (row.data) result.events.push(eventFromJson(row.data) as OutcomeEvent);
  }
  return result;
}
