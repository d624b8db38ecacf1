import { sql } from "drizzle-orm";
import {
  type InstanceLaneStats,
  NO_RECEIPT_AFTER_MS,
  type OverviewSnapshot,
  type StatsWindow,
} from "../../../application/ports/overview-stats-reader";
import type { Db } from "../database";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

interface OverviewRow extends Record<string, unknown> {
  intents: Record<string, number>;
  jobs: Record<string, number>;
  sent_by_minute: { minute: number; count: number }[];
  failures: { code: string; count: number }[];
  runnable_count: number;
  oldest_runnable_ms: number | null;
  lanes: InstanceLaneStats[];
}

/**
 * One statement, so every figure of the overview comes from the same snapshot. Minutes are counted
 * from the window's start in seconds, not with date_trunc, so the session's time zone plays no part.
 */
export async function readOverviewStats(
  db: Db,
  organizationId: string,
  window: StatsWindow,
): Promise<OverviewSnapshot> {
  const from = timestamptz(window.from);
  const now = timestamptz(window.now);
  const noReceiptBefore = timestamptz(new Date(window.now.getTime() - NO_RECEIPT_AFTER_MS));
  const [row] = await queryRows<OverviewRow>(
    db,
    sql`
      with org_job as (
        select * from message_execution_job where organization_id = ${organizationId}
      ), org_runnable as (
        -- What a worker would claim now: due, and neither its number nor the organization paused.
        select j.created_at from org_job j join instance i on i.id = j.instance_id
        where j.status in ('PENDING', 'RETRY') and j.next_attempt_at <= ${now} and not i.paused
          and not exists (select 1 from organization_pause p where p.organization_id = ${organizationId})
      ), sent_in_window as (
        select instance_id, intent_id, executed_at,
               floor(extract(epoch from executed_at - ${from}) / 60)::int as minute
        from org_job
        where status = 'SENT' and executed_at >= ${from} and executed_at <= ${now}
      )
      select
        (select coalesce(jsonb_object_agg(status, n), '{}'::jsonb)
           from (select status, count(*)::int as n from message_intent
                 where organization_id = ${organizationId} group by status) s) as intents,
        (select coalesce(jsonb_object_agg(status, n), '{}'::jsonb)
           from (select status, count(*)::int as n from org_job group by status) s) as jobs,
        (select coalesce(jsonb_agg(jsonb_build_object('minute', minute, 'count', n) order by minute), '[]'::jsonb)
           from (select minute, count(*)::int as n from sent_in_window
                 where minute < ${window.minutes} group by minute) s) as sent_by_minute,
        (select coalesce(jsonb_agg(jsonb_build_object('code', code, 'count', n) order by n desc, code), '[]'::jsonb)
           from (select coalesce(last_error->>'code', 'UNKNOWN') as code, count(*)::int as n
                 from org_job where status = 'FAILED' group by 1) s) as failures,
        (select count(*)::int from org_runnable) as runnable_count,
        (select (extract(epoch from min(created_at)) * 1000)::float8 from org_runnable) as oldest_runnable_ms,
        (select coalesce(jsonb_agg(jsonb_build_object(
                  'instanceId', i.id, 'name', i.name, 'status', i.status,
                  'inFlight', (select count(*)::int from org_job j
                               where j.instance_id = i.id and j.status = 'PROCESSING'),
                  'waiting', (select count(*)::int from org_job j
                              where j.instance_id = i.id and j.status in ('PENDING', 'RETRY')),
                  'sentInWindow', (select count(*)::int from sent_in_window w where w.instance_id = i.id),
                  'health', jsonb_build_object(
                    'failed', (select count(*)::int from org_job j
                               where j.instance_id = i.id and j.status = 'FAILED' and j.updated_at >= ${from}),
                    'delivered', (select count(*)::int from sent_in_window w join message_intent mi on mi.id = w.intent_id
                                  where w.instance_id = i.id and (mi.delivered_at is not null or mi.read_at is not null)),
                    'read', (select count(*)::int from sent_in_window w join message_intent mi on mi.id = w.intent_id
                             where w.instance_id = i.id and mi.read_at is not null),
                    'withoutReceipt', (select count(*)::int from sent_in_window w join message_intent mi on mi.id = w.intent_id
                                       where w.instance_id = i.id and w.executed_at <= ${noReceiptBefore}
                                         and mi.delivered_at is null and mi.read_at is null))
                ) order by i.created_at, i.name), '[]'::jsonb)
           from instance i where i.organization_id = ${organizationId} and i.deleted_at is null) as lanes`,
  );
  if (!row) throw new Error("the overview statement returned no row");
  return {
    intentsByStatus: row.intents,
    jobsByStatus: row.jobs,
    sentByMinute: row.sent_by_minute,
    failuresByCode: row.failures,
    runnable: {
      count: row.runnable_count,
      oldestCreatedAt: row.oldest_runnable_ms === null ? null : new Date(row.oldest_runnable_ms),
    },
    lanes: row.lanes,
  };
}
