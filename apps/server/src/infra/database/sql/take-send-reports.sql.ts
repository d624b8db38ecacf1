import { sql } from "drizzle-orm";
import type { GatewayEvent } from "../../../domain/gateway/gateway-event";
import type { ReportSource, TakenSendReports } from "../../../domain/gateway/gateway-event-repository";
import type { Db } from "../database";
import { gatewayEventFromRow } from "../mappers/gateway-event-row";
import type { GatewayEventRow } from "../schema";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

/**
 * One batch of stored send reports of `source` in one statement, safe to run in every process at
 * once (SKIP LOCKED):
 * - every report whose message id a job already carries (its worker's answer was recorded: the
 *   normal case) is `settled`, through the job's provider-message index;
 * - a report from the inbox that no job carries yet becomes `pending`;
 * - those not carried are returned, for the caller's per-report look (they are few: lost answers,
 *   and answers still on their way).
 */
export async function takeSendReports(
  db: Db,
  source: ReportSource,
  limit: number,
  now: Date,
): Promise<TakenSendReports> {
  const rows = await queryRows<{ taken: number; unknown: Record<string, unknown>[] }>(
    db,
    sql`
      with batch as (
        select e.*,
               exists (select 1 from message_execution_job j where j.provider_message_id = e.message_id) as known
        from gateway_event e
        where e.resolution = ${source} and e.kind = 'send'
        order by e.id
        limit ${limit}
        for update of e skip locked
      ), changed as (
        update gateway_event e
        set resolution = case when b.known then 'settled' else 'pending' end,
            resolved_at = case when b.known then ${timestamptz(now)} end
        from batch b
        where e.id = b.id and (b.known or b.resolution = 'received')
        returning e.id
      )
      select (select count(*) from batch)::int as taken,
             coalesce((select jsonb_agg(jsonb_build_object(
                 'id', id, 'provider', provider, 'instanceName', instance_name, 'kind', kind,
                 'messageId', message_id, 'receiptStatus', receipt_status, 'occurredAt', occurred_at,
                 'receivedAt', received_at, 'resolution', 'pending', 'resolvedAt', null,
                 'payload', payload) order by id)
               from batch where not known), '[]'::jsonb) as unknown
      from (select count(*) from changed) as written`,
  );
  const [row] = rows;
  return {
    taken: row?.taken ?? 0,
    unknown: (row?.unknown ?? []).map(fromJson),
  };
}

function fromJson(json: Record<string, unknown>): GatewayEvent {
  return gatewayEventFromRow({
    ...(json as unknown as GatewayEventRow),
    occurredAt: new Date(json.occurredAt as string),
    receivedAt: new Date(json.receivedAt as string),
  });
}
