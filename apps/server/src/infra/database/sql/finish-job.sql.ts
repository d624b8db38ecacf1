import { type SQL, sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { insertTimelineEventFor } from "./insert-timeline-event.sql";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

export interface JobOutcome {
  fence: JobFence;
  /** The outcome's own assignments on the job; releasing the lease is common to all. */
  job: SQL;
  /** Assignments on the intent, or null when this outcome leaves the intent as it is. */
  intent: SQL | null;
  event: DomainEvent;
}

/**
 * The shape every outcome shares, in one statement: the fenced job update, then the intent update
 * and the timeline row, both fed by the job update's RETURNING so that they happen only if it did.
 * A stale fence matches no row, and the whole statement writes nothing.
 */
export async function finishJob(db: Db, outcome: JobOutcome): Promise<boolean> {
  const { fence, event } = outcome;
  const at = timestamptz(event.occurredAt);
  // Only an APPROVED intent may move to SENT or FAILED (the MessageIntent rule).
  const intentUpdate = outcome.intent
    ? sql`, intent as (
        update message_intent set ${outcome.intent}, updated_at = ${at}
        from finished
        where message_intent.id = finished.intent_id and message_intent.status = 'APPROVED'
      )`
    : sql``;
  const rows = await queryRows<{ applied: boolean }>(
    db,
    sql`
      with finished as (
        update message_execution_job
        set ${outcome.job}, locked_by = null, locked_until = null, updated_at = ${at}
        where id = ${fence.jobId}::uuid and status = 'PROCESSING'
          and attempts = ${fence.attempt} and locked_by = ${fence.lockedBy}
        returning intent_id
      )${intentUpdate}, timeline as (${insertTimelineEventFor(event, sql`finished`)})
      select exists (select 1 from finished) as applied`,
  );
  return rows[0]?.applied === true;
}
