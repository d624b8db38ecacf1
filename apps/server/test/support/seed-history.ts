import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../src/infra/database/database";
import { queryRows } from "../../src/infra/database/sql/query-rows";

const ORG = "org-retention";

/** A past moment on the database's clock, `days` before now. */
const daysAgo = (days: number) => sql`now() - ${String(days)}::float8 * interval '1 day'`;

export async function seedInstance(db: Db): Promise<string> {
  const id = randomUUID();
  await db.execute(sql`
    insert into instance (id, organization_id, name, gateway_name, provider, status, created_at, updated_at)
    values (${id}, ${ORG}, ${`retention-${id}`}, ${`retention-${id}`}, 'turbozap', 'connected', now(), now())`);
  return id;
}

/** An endpoint that subscribes to nothing, so the fan-out trigger leaves the deliveries to the test. */
async function seedEndpoint(db: Db): Promise<string> {
  const id = randomUUID();
  await db.execute(sql`
    insert into webhook_endpoint (id, organization_id, url, events, secret, created_at)
    values (${id}, ${ORG}, 'http://127.0.0.1:9/hook', '{}', 'secret-of-the-test-endpoint', now())`);
  return id;
}

export interface SeededIntent {
  intentStatus: string;
  /** null: no job (an intent dropped or blocked before approval). */
  jobStatus: string | null;
  /** When the intent was created and last changed. */
  ageDays: number;
  updatedAgeDays?: number;
  /** Statuses of webhook deliveries (one endpoint each) owed for its timeline row, finished `ageDays` ago when finished. */
  deliveries?: string[];
}

/** One intent with its job, one timeline row and that row's deliveries, dated in the past. */
export async function seedIntent(db: Db, instanceId: string, seed: SeededIntent): Promise<string> {
  const intentId = randomUUID();
  const jobId = randomUUID();
  const created = daysAgo(seed.ageDays);
  const updated = daysAgo(seed.updatedAgeDays ?? seed.ageDays);
  await db.execute(sql`
    insert into message_intent (id, organization_id, target_kind, target_value, type, purpose, payload, status,
                                decided_by_instance_id, created_at, updated_at)
    values (${intentId}, ${ORG}, 'PHONE', '5511900000000', 'TEXT', 'DISPATCH', '{"text":"hi"}', ${seed.intentStatus},
            ${instanceId}, ${created}, ${updated})`);
  if (seed.jobStatus !== null) {
    await db.execute(sql`
      insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                         attempts, max_attempts, next_attempt_at, created_at, updated_at, executed_at)
      values (${jobId}, ${ORG}, ${intentId}, ${instanceId}, '5511900000000', 'turbozap', ${seed.jobStatus}, 1, 5,
              ${created}, ${created}, ${updated}, case when ${seed.jobStatus} = 'SENT' then ${updated} end)`);
  }
  const [event] = await queryRows<{ id: number }>(
    db,
    sql`insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        values (${ORG}, ${intentId}, ${seed.jobStatus === null ? null : jobId}, 'IntentCreated', 'test', '{}', ${created})
        returning id`,
  );
  for (const status of seed.deliveries ?? []) {
    await seedDelivery(db, await seedEndpoint(db), Number(event?.id), status, seed.ageDays);
  }
  return intentId;
}

async function seedDelivery(
  db: Db,
  endpointId: string,
  timelineEventId: number,
  status: string,
  finishedAgeDays: number,
): Promise<void> {
  const finished = status === "SUCCEEDED" || status === "FAILED";
  await db.execute(sql`
    insert into webhook_delivery (endpoint_id, organization_id, timeline_event_id, event_type, status, created_at,
                                  finished_at)
    values (${endpointId}, ${ORG}, ${timelineEventId}, 'IntentCreated', ${status}, ${daysAgo(finishedAgeDays)},
            ${finished ? daysAgo(finishedAgeDays) : null})`);
}

export async function seedGatewayEvent(db: Db, resolution: string, ageDays: number): Promise<void> {
  await db.execute(sql`
    insert into gateway_event (provider, instance_name, kind, message_id, receipt_status, occurred_at, received_at,
                               resolution, payload)
    values ('turbozap', 'retention', 'send', ${randomUUID()}, '', ${daysAgo(ageDays)}, ${daysAgo(ageDays)},
            ${resolution}, '{}')`);
}

/** Row counts of the tables retention touches. */
export async function historyCounts(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from message_intent) as intents,
               (select count(*)::int from message_execution_job) as jobs,
               (select count(*)::int from timeline_event) as timeline,
               (select count(*)::int from webhook_delivery) as deliveries,
               (select count(*)::int from gateway_event) as "gatewayEvents"`,
  );
  return row;
}

export async function existingIntents(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(db, sql`select id::text from message_intent`);
  return new Set(rows.map((row) => row.id).filter((id) => ids.includes(id)));
}
