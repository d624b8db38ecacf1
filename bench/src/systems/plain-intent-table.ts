import type pg from "pg";
import type { BenchIntent, Progress } from "./bench-system";

// For the job libraries: the intents live in a plain table of the application's; a job carries an
// intent's id, and its handler sends, then marks the intent SENT with the provider's message id.

export const CREATE_INTENT_TABLE = `
  create table if not exists bench_intent (
    id uuid primary key,
    instance text not null,
    recipient text not null,
    status text not null,
    provider_message_id text,
    approved_at timestamptz not null default clock_timestamp(),
    sent_at timestamptz
  )`;

export interface IntentJobPayload {
  intentId: string;
  instance: string;
  to: string;
}

export function payloadOf(intent: BenchIntent): IntentJobPayload {
  return { intentId: intent.id, instance: intent.instance, to: intent.to };
}

export async function insertApprovedIntents(db: pg.Pool | pg.PoolClient, intents: readonly BenchIntent[]) {
  await db.query(
    `insert into bench_intent (id, instance, recipient, status)
     select id, instance, recipient, 'APPROVED' from unnest($1::uuid[], $2::text[], $3::text[]) as i(id, instance, recipient)`,
    [intents.map((i) => i.id), intents.map((i) => i.instance), intents.map((i) => i.to)],
  );
}

export const MARK_SENT = `
  update bench_intent set status = 'SENT', provider_message_id = sent.message_id, sent_at = clock_timestamp()
  from unnest($1::uuid[], $2::text[]) as sent(id, message_id)
  where bench_intent.id = sent.id`;

export async function seedSentIntents(pool: pg.Pool, count: number, instances: readonly string[]) {
  await pool.query(
    `insert into bench_intent (id, instance, recipient, status, provider_message_id, approved_at, sent_at)
     select gen_random_uuid(), ($2::text[])[1 + n % cardinality($2::text[])], '5500000000000', 'SENT',
            '3EB0' || upper(substr(md5(n::text), 1, 18)), now() - interval '1 day', now() - interval '1 day'
     from generate_series(1, $1::int) as n`,
    [count, instances],
  );
}

export async function plainProgress(pool: pg.Pool): Promise<Progress> {
  const { rows } = await pool.query<{ sent: string; last: number | null }>(
    `select count(*) as sent, extract(epoch from max(sent_at)) * 1000 as last
     from bench_intent where status = 'SENT' and recipient <> '5500000000000'`,
  );
  return {
    sent: Number(rows[0]?.sent ?? 0),
    lastSentAt: rows[0]?.last === null ? null : Number(rows[0]?.last),
  };
}

export async function plainSentTimes(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ at: number }>(
    `select extract(epoch from sent_at) * 1000 as at from bench_intent
     where status = 'SENT' and recipient <> '5500000000000'`,
  );
  return rows.map((row) => Number(row.at));
}
