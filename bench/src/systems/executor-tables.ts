import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { recipientKey } from "../../../apps/server/src/domain/intent/recipient-key";
import { runMigrations } from "../../../apps/server/src/infra/database/migrate";
import { openPostgres } from "../../../apps/server/src/infra/database/open-postgres";
import { jobEventJson } from "../../../apps/server/src/infra/database/sql/job-event-json.sql";
import type { GatewayName } from "../scenarios";
import type { BenchIntent, Progress } from "./bench-system";

// The executor's own tables, filled the way its approval path fills them (intent APPROVED, a PENDING
// job, the ExecutionJobCreated timeline row), in bulk. Used by "ours" and by the floor.

/** The organization the executor's API acts for with BOOTSTRAP_API_KEY, so that approvals over HTTP find the instances. */
export const ORGANIZATION = "default";
const CHUNK = 5_000;
/** The server's own ExecutionJobCreated, built by its one SQL definition (no parameters: plain text here). */
const JOB_CREATED_EVENT = new PgDialect().sqlToQuery(
  jobEventJson(sql`job`, sql`'ExecutionJobCreated'`, sql`job.created_at`, sql`'system'`),
).sql;
const HISTORY_CHUNK = 100_000;

export async function migrateExecutorTables(databaseUrl: string): Promise<void> {
  const database = openPostgres(databaseUrl, { max: 1 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
}

export async function ensureInstances(
  pool: pg.Pool,
  names: readonly string[],
  gateway: GatewayName = "turbozap",
): Promise<void> {
  await pool.query(
    `insert into instance (id, organization_id, name, gateway_name, provider, status, created_at, updated_at)
     select gen_random_uuid(), $1, name, name, $3, 'connected', now(), now() from unnest($2::text[]) as name
     on conflict (provider, gateway_name) where deleted_at is null do nothing`,
    [ORGANIZATION, names, gateway],
  );
}

export async function enqueueApproved(
  pool: pg.Pool,
  intents: readonly BenchIntent[],
  gateway: GatewayName = "turbozap",
): Promise<void> {
  await ensureInstances(pool, [...new Set(intents.map((intent) => intent.instance))], gateway);
  for (let start = 0; start < intents.length; start += CHUNK) {
    const chunk = intents.slice(start, start + CHUNK);
    await pool.query(
      `with given as (
         select g.id, g.recipient, g.recipient_key, instance.id as instance_id, g.position
         from unnest($1::uuid[], $2::text[], $3::text[], $5::text[])
              with ordinality as g(id, instance_name, recipient, recipient_key, position)
         join instance on instance.name = g.instance_name
       ), intent as (
         insert into message_intent (id, organization_id, target_kind, target_value, type, purpose, payload,
                                     status, decided_by_instance_id, created_at, updated_at)
         select id, $4, 'PHONE', recipient, 'TEXT', 'DISPATCH', '{"text":"bench"}', 'APPROVED', instance_id,
                clock_timestamp(), clock_timestamp()
         from given order by position
         returning id, decided_by_instance_id
       ), job as (
         insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                            attempts, max_attempts, next_attempt_at, created_at, updated_at)
         select gen_random_uuid(), $4, intent.id, decided_by_instance_id, given.recipient_key, $6, 'PENDING',
                0, 5, clock_timestamp(), clock_timestamp(), clock_timestamp()
         from intent join given on given.id = intent.id order by given.position
         returning id, organization_id, intent_id, instance_id, provider, created_at
       )
       insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
       select $4, intent_id, id, 'ExecutionJobCreated', 'system', ${JOB_CREATED_EVENT}, created_at
       from job`,
      [
        chunk.map((i) => i.id),
        chunk.map((i) => i.instance),
        chunk.map((i) => i.to),
        ORGANIZATION,
        chunk.map((i) => recipientKey({ kind: "PHONE", value: i.to })),
        gateway,
      ],
    );
  }
}

/** Intents SENT `ageDays` ago, with their SENT jobs and MessageSent rows: what a busy month leaves behind. */
/**
 * The timeline's partition for the history's day, so that the history sits where it would after
 * partitioning had run that long (retention then drops the day instead of deleting its rows).
 */
async function createHistoryDay(pool: pg.Pool, ageDays: number): Promise<void> {
  const start = new Date(Date.now() - ageDays * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.parse(start) + 86_400_000).toISOString().slice(0, 10);
  await pool.query(
    `create table if not exists timeline_event_${start.replaceAll("-", "")} partition of timeline_event
     (primary key (id)) for values from ('${start} 00:00:00+00') to ('${end} 00:00:00+00')`,
  );
}

export async function seedSentHistory(
  pool: pg.Pool,
  count: number,
  instances: readonly string[],
  ageDays = 1,
) {
  await ensureInstances(pool, instances);
  await createHistoryDay(pool, ageDays);
  for (let done = 0; done < count; done += HISTORY_CHUNK) {
    const size = Math.min(HISTORY_CHUNK, count - done);
    await pool.query(
      `with instances as (select array_agg(id) as ids from instance),
       intent as (
         insert into message_intent (id, organization_id, target_kind, target_value, type, purpose, payload, status,
                                     decided_by_instance_id, created_at, updated_at, sent_at)
         select gen_random_uuid(), $2, 'PHONE', '5500000000000', 'TEXT', 'DISPATCH', '{"text":"old"}', 'SENT',
                ids[1 + n % cardinality(ids)], now() - $3::int * interval '1 day', now() - $3::int * interval '1 day',
                now() - $3::int * interval '1 day'
         from generate_series(1, $1::int) as n, instances
         returning id, decided_by_instance_id, created_at
       ), job as (
         insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                            attempts, max_attempts, next_attempt_at, provider_message_id, created_at,
                                            updated_at, executed_at, dispatched_at)
         select gen_random_uuid(), $2, id, decided_by_instance_id, '5500000000000', 'turbozap', 'SENT', 1, 5, created_at,
                '3EB0' || upper(substr(md5(id::text), 1, 18)), created_at, created_at, created_at, created_at
         from intent
         returning id, intent_id, created_at
       )
       insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
       select $2, intent_id, id, 'MessageSent', 'system', '{"type":"MessageSent"}', created_at from job`,
      [size, ORGANIZATION, ageDays],
    );
  }
}

export async function executorProgress(pool: pg.Pool): Promise<Progress> {
  const { rows } = await pool.query<{ sent: string; last: number | null }>(
    `select count(*) as sent, extract(epoch from max(sent_at)) * 1000 as last
     from message_intent where status = 'SENT' and target_value <> '5500000000000'`,
  );
  return {
    sent: Number(rows[0]?.sent ?? 0),
    lastSentAt: rows[0]?.last === null ? null : Number(rows[0]?.last),
  };
}

export async function executorSentTimes(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ at: number }>(
    `select extract(epoch from sent_at) * 1000 as at
     from message_intent where status = 'SENT' and target_value <> '5500000000000'`,
  );
  return rows.map((row) => Number(row.at));
}
