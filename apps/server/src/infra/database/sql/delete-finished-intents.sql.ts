import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";
import { retentionCutoff } from "./retention-cutoff";

/**
 * One retention batch: intents that finished (SENT, FAILED, DROPPED) longer than `ageSeconds` ago,
 * with their job, their timeline and its finished webhook deliveries, oldest first. An intent
 * whose job is not final (UNCONFIRMED waits for a person) or that still owes a webhook delivery is
 * kept. The data-modifying CTEs share one snapshot and the foreign keys are checked at the end of
 * the statement, so children and parents go in one statement. Timeline rows are deleted here only
 * from the default partition: a day partition's rows go with the day, dropped whole once none of
 * them belongs to an intent still kept (drop-timeline-partition). Returns how many intents went.
 */
export async function deleteFinishedIntents(db: Db, ageSeconds: number, limit: number): Promise<number> {
  const cutoff = retentionCutoff(ageSeconds);
  const rows = await queryRows<{ deleted: number }>(
    db,
    sql`
      with doomed as (
        select i.id from message_intent i
        where i.status in ('SENT', 'FAILED', 'DROPPED')
          and i.created_at < ${cutoff} and i.updated_at < ${cutoff}
          and not exists (
            select 1 from message_execution_job j
            where j.intent_id = i.id and j.status not in ('SENT', 'FAILED', 'CANCELLED'))
          and not exists (
            select 1 from timeline_event t join webhook_delivery d on d.timeline_event_id = t.id
            where t.intent_id = i.id and d.status in ('PENDING', 'DELIVERING'))
        order by i.created_at
        limit ${limit}
        for update of i skip locked
      ),
      deliveries as (
        delete from webhook_delivery d using timeline_event t, doomed
        where d.timeline_event_id = t.id and t.intent_id = doomed.id
      ),
      timeline as (
        delete from timeline_event_default t using doomed where t.intent_id = doomed.id
      ),
      jobs as (
        delete from message_execution_job j using doomed where j.intent_id = doomed.id
      ),
      intents as (
        delete from message_intent i using doomed where i.id = doomed.id returning 1
      )
      select count(*)::int as deleted from intents`,
  );
  return rows[0]?.deleted ?? 0;
}
