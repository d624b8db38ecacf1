import type { SimSend } from "@whatlead/turbozap-sim";
import pg from "pg";
import { expect } from "vitest";

export interface JobRow {
  id: string;
  intent_id: string;
  status: string;
  attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
  provider_message_id: string | null;
  last_error: { code: string } | null;
  phone: string;
}

export interface Accounting {
  jobs: JobRow[];
  byStatus: Record<string, number>;
  acceptedSends: number;
  /** Intents the gateway accepted more than one send for: must be 0. */
  duplicates: number;
  /** SENT jobs without exactly one accepted send carrying their message id: must be 0. */
  sentMismatches: number;
  /**
   * UNCONFIRMED jobs the gateway never accepted a send for: an operator must resend them by hand.
   * Goal 0: only a worker dying between its dispatch mark and its request leaving makes one.
   */
  unconfirmedNeverSent: number;
  /** Jobs waiting to run, or due to: none may be left once the scenario settled. */
  runnable: number;
}

/** Reads every job with its intent's phone; the scenario's database is a client of its own. */
export async function readJobs(databaseUrl: string): Promise<JobRow[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<JobRow>(`
      select job.id, job.intent_id, job.status, job.attempts, job.locked_by, job.locked_until,
             job.provider_message_id, job.last_error, regexp_replace(intent.target_value, '\\D', '', 'g') as phone
      from message_execution_job job join message_intent intent on intent.id = job.intent_id`);
    return rows;
  } finally {
    await client.end();
  }
}

/** Counts per timeline event type and error code, for the figures. */
export async function timelineFigures(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; count: number }>(`
      select type || coalesce(':' || (data->'error'->>'code'), '') as key, count(*)::int as count
      from timeline_event where type in ('MessageFailed', 'MessageUnconfirmed', 'MessageConfirmedByGateway', 'MessageRejected')
      group by 1 order by 1`);
    return Object.fromEntries(rows.map((row) => [row.key, row.count]));
  } finally {
    await client.end();
  }
}

/** What every simulator logs of an accepted send. */
type AcceptedSend = Pick<SimSend, "to" | "messageId">;

export function account(jobs: JobRow[], sends: readonly AcceptedSend[]): Accounting {
  const sendsByPhone = new Map<string, AcceptedSend[]>();
  for (const send of sends) {
    const phone = send.to.replace(/@.*$/, "");
    sendsByPhone.set(phone, [...(sendsByPhone.get(phone) ?? []), send]);
  }
  const byStatus: Record<string, number> = {};
  let sentMismatches = 0;
  let unconfirmedNeverSent = 0;
  for (const job of jobs) {
    byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
    if (job.status === "UNCONFIRMED" && !sendsByPhone.has(job.phone)) unconfirmedNeverSent += 1;
    if (job.status !== "SENT") continue;
    const own = sendsByPhone.get(job.phone) ?? [];
    if (own.length !== 1 || own[0]?.messageId !== job.provider_message_id) sentMismatches += 1;
  }
  return {
    jobs,
    byStatus,
    acceptedSends: sends.length,
    duplicates: [...sendsByPhone.values()].filter((list) => list.length > 1).length,
    sentMismatches,
    unconfirmedNeverSent,
    runnable: (byStatus.PENDING ?? 0) + (byStatus.RETRY ?? 0),
  };
}

/**
 * What must hold after every scenario, whatever was injected: one send at most per intent, and
 * every job settled; lease recovery takes back whatever a lost worker left PROCESSING.
 */
export function expectSoundAccounting(result: Accounting, intents: number): void {
  expect(result.jobs).toHaveLength(intents);
  expect(result.duplicates).toBe(0);
  expect(result.sentMismatches).toBe(0);
  expect(result.runnable).toBe(0);
  const settled =
    (result.byStatus.SENT ?? 0) + (result.byStatus.FAILED ?? 0) + (result.byStatus.UNCONFIRMED ?? 0);
  expect(result.byStatus.PROCESSING ?? 0).toBe(0);
  expect(settled).toBe(intents);
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last reading either way. */
export async function settle<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The accounting's part of a scenario's FAULT-FIGURES line. */
export function outcomeFigures(result: Accounting, recovered: Record<string, number>) {
  return {
    acceptedSends: result.acceptedSends,
    outcomes: result.byStatus,
    processingLeft: result.byStatus.PROCESSING ?? 0,
    leaseExpiredUnconfirmed: recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0,
    leaseExpiredRetried: recovered["MessageFailed:LEASE_EXPIRED"] ?? 0,
    unconfirmedNeverSent: result.unconfirmedNeverSent,
    duplicates: result.duplicates,
    sentWithoutItsSend: result.sentMismatches,
  };
}
