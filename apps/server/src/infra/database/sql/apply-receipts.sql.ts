import { sql } from "drizzle-orm";
import type {
  AppliedReceipts,
  ReportSource,
  UnconfirmedReceipt,
} from "../../../domain/gateway/gateway-event-repository";
import type { MessageReceiptEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { eventFromJson } from "../mappers/domain-event-json";
import { jobEventJson } from "./job-event-json.sql";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

const EVENT_TYPE = sql`case m.receipt_status when 'delivered' then 'MessageDelivered'
  when 'read' then 'MessageRead' when 'played' then 'MessagePlayed' else 'MessageRejected' end`;

/**
 * One batch of stored receipts applied in one statement, safe to run in every process at once:
 * - the batch is the oldest `limit` receipts of `source`, locked SKIP LOCKED (two appliers never
 *   take the same row);
 * - each is matched to the job carrying its message id through the job's provider-message index;
 *   a job that carries the id before its attempt is settled (wuzapi: we chose the id) is not
 *   applied to: still PROCESSING, its worker's answer decides first; UNCONFIRMED, the receipt
 *   proves the attempt went out, and the batch returns it (`unconfirmed`) for the caller to settle;
 *   either way the receipt stays pending and applies once the job is SENT;
 * - the intents they touch are locked in id order (no deadlock between appliers) and each gets ONE
 *   update setting every receipt column still empty (the earliest time when several copies came);
 * - one insert writes a timeline row per (intent, status) that update set, delivered before read
 *   before played (before rejected) for one message;
 * - every taken row is settled, or left `pending` when no job carries its id yet (the reconciler
 *   looks at it again, as before).
 * A receipt already recorded, or a second copy from another instance name, writes nothing.
 */
export async function applyReceipts(
  db: Db,
  source: ReportSource,
  limit: number,
  now: Date,
): Promise<AppliedReceipts> {
  const carried =
    source === "pending"
      ? sql`and exists (select 1 from message_execution_job j where j.provider_message_id = e.message_id)`
      : sql``;
  const rows = await queryRows<{
    taken: number;
    events: Record<string, unknown>[];
    unconfirmed: UnconfirmedReceipt[];
  }>(
    db,
    sql`
      with batch as (
        select e.id, e.provider, e.message_id, e.receipt_status, e.occurred_at
        from gateway_event e
        where e.resolution = ${source} and e.kind = 'receipt' ${carried}
        order by e.id
        limit ${limit}
        for update of e skip locked
      ), matched as (
        select b.id as event_id, b.provider as reported_by, b.message_id, b.receipt_status, b.occurred_at, j.*
        from batch b
        cross join lateral (
          select id, organization_id, intent_id, instance_id, provider, status, attempts
          from message_execution_job
          where provider_message_id = b.message_id
          limit 1
        ) j
      ), settled_jobs as (
        select * from matched where status not in ('PROCESSING', 'UNCONFIRMED')
      ), receipts as (
        select intent_id,
               min(occurred_at) filter (where receipt_status = 'delivered') as delivered,
               min(occurred_at) filter (where receipt_status = 'read') as read,
               min(occurred_at) filter (where receipt_status = 'played') as played,
               min(occurred_at) filter (where receipt_status = 'rejected') as rejected
        from settled_jobs group by intent_id
      ), locked as (
        select i.id, i.delivered_at, i.read_at, i.played_at, i.rejected_at
        from message_intent i
        where i.id in (select intent_id from receipts)
        order by i.id
        for update
      ), recorded as (
        update message_intent i
        set delivered_at = coalesce(l.delivered_at, r.delivered),
            read_at = coalesce(l.read_at, r.read),
            played_at = coalesce(l.played_at, r.played),
            rejected_at = coalesce(l.rejected_at, r.rejected)
        from locked l join receipts r on r.intent_id = l.id
        where i.id = l.id
          and ((l.delivered_at is null and r.delivered is not null)
            or (l.read_at is null and r.read is not null)
            or (l.played_at is null and r.played is not null)
            or (l.rejected_at is null and r.rejected is not null))
        returning i.id
      ), fresh as (
        select distinct on (m.intent_id, m.receipt_status) m.*
        from settled_jobs m join locked l on l.id = m.intent_id
        where case m.receipt_status when 'delivered' then l.delivered_at is null
                                    when 'read' then l.read_at is null
                                    when 'played' then l.played_at is null
                                    else l.rejected_at is null end
        order by m.intent_id, m.receipt_status, m.occurred_at, m.event_id
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select m.organization_id, m.intent_id, m.id, ${EVENT_TYPE}, 'gateway:' || m.reported_by,
               ${jobEventJson(sql`m`, EVENT_TYPE, sql`m.occurred_at`, sql`'gateway:' || m.reported_by`)}
                 || jsonb_build_object('providerMessageId', m.message_id),
               m.occurred_at
        from fresh m
        order by m.intent_id, array_position(array['delivered', 'read', 'played', 'rejected'], m.receipt_status)
        returning id, data
      ), resolved as (
        update gateway_event e
        set resolution = case when m.event_id is null then 'pending' else 'settled' end,
            resolved_at = case when m.event_id is null then null else ${timestamptz(now)} end
        from batch b left join settled_jobs m on m.event_id = b.id
        where e.id = b.id
        returning e.id
      )
      select (select count(*) from resolved)::int as taken,
             coalesce((select jsonb_agg(data order by id) from timeline), '[]'::jsonb) as events,
             coalesce((select jsonb_agg(jsonb_build_object(
                 'id', u.id, 'organizationId', u.organization_id, 'intentId', u.intent_id,
                 'instanceId', u.instance_id, 'provider', u.provider, 'attempts', u.attempts,
                 'messageId', u.message_id, 'reportedBy', u.reported_by))
               from (select distinct on (id) * from matched where status = 'UNCONFIRMED' order by id) u),
               '[]'::jsonb) as unconfirmed
      from (select count(*) from recorded) as written`,
  );
  const [row] = rows;
  return {
    taken: row?.taken ?? 0,
    events: (row?.events ?? []).map((json) => eventFromJson(json) as MessageReceiptEvent),
    unconfirmed: row?.unconfirmed ?? [],
  };
}
