import { sql } from "drizzle-orm";
import type { MessageConfirmedByGateway } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { insertTimelineEventFor } from "./insert-timeline-event.sql";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

/**
 * UNCONFIRMED → SENT from the gateway's report, fenced on the attempt: an operator's resend or a
 * second report in between makes it match nothing, and then nothing is written.
 */
export async function confirmJobSent(
  db: Db,
  jobId: string,
  attempt: number,
  providerMessageId: string,
  event: MessageConfirmedByGateway,
): Promise<boolean> {
  const at = timestamptz(event.occurredAt);
  const rows = await queryRows<{ applied: boolean }>(
    db,
    sql`
      with confirmed as (
        update message_execution_job
        set status = 'SENT', provider_message_id = ${providerMessageId}, executed_at = ${at},
            last_error = null, locked_by = null, locked_until = null, updated_at = ${at}
        where id = ${jobId}::uuid and status = 'UNCONFIRMED' and attempts = ${attempt}
        returning intent_id
      ), intent as (
        update message_intent set status = 'SENT', sent_at = ${at}, updated_at = ${at}
        from confirmed
        where message_intent.id = confirmed.intent_id and message_intent.status = 'APPROVED'
      ), timeline as (${insertTimelineEventFor(event, sql`confirmed`)})
      select exists (select 1 from confirmed) as applied`,
  );
  return rows[0]?.applied === true;
}
