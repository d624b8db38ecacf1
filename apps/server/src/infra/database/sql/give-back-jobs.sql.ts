import { type SQL, sql } from "drizzle-orm";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { eventFromJson } from "../mappers/domain-event-json";
import { jobEventJson } from "./job-event-json.sql";
import { isoText } from "./params";
import { queryRows } from "./query-rows";

export interface GiveBack {
  /** A SELECT of the ids of the PROCESSING jobs to give back, locked by it. */
  source: SQL;
  /** Rechecked on the row being updated (`job`), so a job that moved on meanwhile is left alone. */
  stillApplies: SQL;
  actor: string;
  /** On the row being given back (`job`): true to retry it, false to leave it UNCONFIRMED. */
  retryable: SQL;
  /** The error recorded on the row (`job`), a jsonb expression. */
  error: SQL;
}

/**
 * Ends attempts their worker no longer holds, in one statement with their timeline rows. An
 * attempt whose request never left goes back to RETRY due now (as does one of a provider that
 * dedupes on our idempotency key); one whose request may have left may have been delivered, so it
 * becomes UNCONFIRMED rather than risk a second message. The attempt number is kept, so a late worker's
 * fence never matches a later claim; the budget grows by one instead, since losing a lease is not
 * a failure of the send. The intent stays APPROVED either way. Returns the events to publish.
 */
export async function giveBackJobs(db: Db, request: GiveBack): Promise<DomainEvent[]> {
  const retryable = request.retryable;
  const rows = await queryRows<{ data: Record<string, unknown> }>(
    db,
    sql`
      with source as (${request.source}), given_back as (
        update message_execution_job job
        set status = case when ${retryable} then 'RETRY' else 'UNCONFIRMED' end,
            next_attempt_at = case when ${retryable} then now() else job.next_attempt_at end,
            max_attempts = case when ${retryable} then greatest(job.max_attempts, job.attempts + 1)
                                else job.max_attempts end,
            last_error = ${request.error},
            locked_by = null, locked_until = null, updated_at = now()
        from source
        where job.id = source.id and job.status = 'PROCESSING' and ${request.stillApplies}
        returning job.*
      ), events as (
        select organization_id, intent_id, id as job_id,
               ${jobEventJson(
                 sql`given_back`,
                 sql`case when status = 'RETRY' then 'MessageFailed' else 'MessageUnconfirmed' end`,
                 sql`now()`,
                 sql`${request.actor}::text`,
               )}
               || jsonb_build_object('attempt', attempts, 'error', last_error)
               || case when status = 'RETRY'
                    then jsonb_build_object('willRetry', true, 'nextAttemptAt', ${isoText(sql`now()`)})
                    else '{}'::jsonb end as data
        from given_back
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select organization_id, intent_id, job_id, data->>'type', ${request.actor}, data, now() from events
      )
      select data from events`,
  );
  return rows.map((row) => eventFromJson(row.data));
}
