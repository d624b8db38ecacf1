import { sql } from "drizzle-orm";
import type { ClaimedWebhookDelivery } from "../../../domain/webhook/webhook-delivery";
import type { ClaimWebhookDeliveriesRequest } from "../../../domain/webhook/webhook-delivery-repository";
import type { Db } from "../database";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

interface ClaimedRow extends Record<string, unknown> {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  event_type: string;
  timeline_event_id: string;
  data: Record<string, unknown>;
}

/**
 * One statement: lock the oldest due deliveries, skipping rows another deliverer holds, lease them
 * and count the attempt. The lease end is written as `next_attempt_at` too, so a deliverer that
 * died is noticed by the same due scan (and the same partial index) once its lease expires.
 * Endpoints that already have `perEndpointLimit` live leases (across every process) are passed
 * over, so one slow or dead endpoint cannot take every slot from the others. The limit is soft:
 * two deliverers claiming at the same instant can each see room for the same endpoint.
 */
export async function claimWebhookDeliveries(
  db: Db,
  request: ClaimWebhookDeliveriesRequest,
): Promise<ClaimedWebhookDelivery[]> {
  if (request.limit <= 0) return [];
  const now = timestamptz(request.now);
  const leaseUntil = timestamptz(new Date(request.now.getTime() + request.leaseMs));
  const rows = await queryRows<ClaimedRow>(
    db,
    sql`
      with busy as (
        select endpoint_id from webhook_delivery
        where status = 'DELIVERING' and next_attempt_at > ${now}
        group by endpoint_id
        having count(*) >= ${request.perEndpointLimit}
      ), due as (
        select id from webhook_delivery
        where status in ('PENDING', 'DELIVERING') and next_attempt_at <= ${now}
          and endpoint_id not in (select endpoint_id from busy)
        order by next_attempt_at
        limit ${request.limit}
        for update skip locked
      ), claimed as (
        update webhook_delivery delivery
        set status = 'DELIVERING', attempts = delivery.attempts + 1, locked_by = ${request.deliveredBy},
            locked_until = ${leaseUntil}, next_attempt_at = ${leaseUntil}
        from due
        where delivery.id = due.id
        returning delivery.*
      )
      select claimed.id, claimed.attempts, claimed.event_type, claimed.timeline_event_id::text as timeline_event_id,
             endpoint.url, endpoint.secret, event.data,
             case when endpoint.previous_secret_expires_at > ${now} then endpoint.previous_secret end
               as previous_secret
      from claimed
      join webhook_endpoint endpoint on endpoint.id = claimed.endpoint_id
      join timeline_event event on event.id = claimed.timeline_event_id`,
  );
  return rows.map((row) => ({
    id: row.id,
    attempt: row.attempts,
    deliveredBy: request.deliveredBy,
    url: row.url,
    secret: row.secret,
    previousSecret: row.previous_secret,
    eventType: row.event_type,
    timelineEventId: row.timeline_event_id,
    event: row.data,
  }));
}
