import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { isoText } from "./params";
import { queryRows } from "./query-rows";

/**
 * QUEUED intents whose `queued_until` has come go back to the gate: PENDING again, with a
 * MessageIntentReturnedToGate row written by the same statement. The database's clock decides, and
 * SKIP LOCKED lets every worker's task run at once without returning an intent twice.
 */
export async function returnDueQueuedIntents(db: Db, limit: number): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`
      with due as (
        select id, queued_until from message_intent
        where status = 'QUEUED' and queued_until <= now()
        order by queued_until
        limit ${limit}
        for update skip locked
      ), returned as (
        update message_intent intent
        set status = 'PENDING', queued_until = null, blocked_reason = null, updated_at = now()
        from due where intent.id = due.id
        returning intent.id, intent.organization_id, due.queued_until
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select organization_id, id, null, 'MessageIntentReturnedToGate', 'system',
               jsonb_build_object('type', 'MessageIntentReturnedToGate', 'organizationId', organization_id,
                                  'intentId', id, 'occurredAt', ${isoText(sql`now()`)}, 'actor', 'system',
                                  'queuedUntil', ${isoText(sql`returned.queued_until`)}),
               now()
        from returned
      )
      select count(*)::int as count from returned`,
  );
  return row?.count ?? 0;
}
