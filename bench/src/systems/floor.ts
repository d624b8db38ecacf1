import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { BenchSystem, RunningWorker, WorkerSettings } from "./bench-system";
import {
  enqueueApproved,
  executorProgress,
  executorSentTimes,
  migrateExecutorTables,
  seedSentHistory,
} from "./executor-tables";
import { GatewaySender } from "./gateway-sender";

/** Loops that each claim, send and record a batch at a time, side by side so the database and the sends overlap. */
const LANES = 2;
const IDLE_POLL_MS = 5;

interface Claimed {
  job_id: string;
  intent_id: string;
  instance_name: string;
  instance_id: string;
  to: string;
}

// The oldest PENDING jobs; skipping locked rows, two claims never take the same job.
const CLAIM = `
  with due as (
    select id from message_execution_job
    where status = 'PENDING' and next_attempt_at <= now()
    order by next_attempt_at, created_at
    limit $1
    for update skip locked
  )
  update message_execution_job job set status = 'PROCESSING', attempts = attempts + 1, updated_at = now()
  from due, message_intent intent, instance
  where job.id = due.id and intent.id = job.intent_id and instance.id = job.instance_id
  returning job.id as job_id, job.intent_id, instance.name as instance_name, instance.id as instance_id,
            intent.target_value as to`;

// Per-instance serial: the oldest PENDING job of each instance that has none in flight in this
// process (one claimer per process: the floor is correct for a single process in this mode).
const CLAIM_ONE_PER_INSTANCE = CLAIM.replace(
  "where status = 'PENDING' and next_attempt_at <= now()",
  `where id in (select distinct on (instance_id) id from message_execution_job
                where status = 'PENDING' and next_attempt_at <= now() and instance_id <> all($2::uuid[])
                order by instance_id, next_attempt_at, created_at)`,
);

const FINISH = `
  with job as (
    update message_execution_job job
    set status = 'SENT', provider_message_id = done.message_id, executed_at = now(), updated_at = now()
    from unnest($1::uuid[], $2::text[]) as done(id, message_id)
    where job.id = done.id
    returning job.intent_id
  )
  update message_intent set status = 'SENT', sent_at = clock_timestamp(), updated_at = now()
  from job where message_intent.id = job.intent_id`;

/**
 * The simplest correct loop over the executor's tables: a batched FOR UPDATE SKIP LOCKED claim, the
 * HTTP sends, one batched update. No timeline, no retries, no leases: the lower bound of the work.
 */
export const floor: BenchSystem = {
  name: "floor",
  settings: `${LANES} lanes × batch of concurrency/${LANES}, claim + 1 update per batch`,
  prepare: migrateExecutorTables,
  enqueue: (pool, intents) => enqueueApproved(pool, intents),
  openApprover: async (databaseUrl) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    return {
      approve: (intent) => enqueueApproved(pool, [intent]),
      close: () => pool.end(),
    };
  },
  seedHistory: seedSentHistory,
  progress: executorProgress,
  sentTimes: executorSentTimes,
  openWorker: openFloorWorker,
};

async function openFloorWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: LANES + 2 });
  const sender = new GatewaySender(settings);
  const state = { running: true };
  let loops: Promise<void>[] = [];
  return {
    go: async () => {
      loops = settings.perInstanceSerial
        ? [serialLoop(pool, sender, settings.concurrency, state)]
        : Array.from({ length: LANES }, () =>
            batchLane(pool, sender, Math.max(1, Math.floor(settings.concurrency / LANES)), state),
          );
    },
    stop: async () => {
      state.running = false;
      await Promise.all(loops);
      await pool.end();
    },
  };
}

async function batchLane(pool: pg.Pool, sender: GatewaySender, batch: number, state: { running: boolean }) {
  while (state.running) {
    const { rows } = await pool.query<Claimed>(CLAIM, [batch]);
    if (rows.length === 0) {
      await sleep(IDLE_POLL_MS);
      continue;
    }
    const messageIds = await Promise.all(rows.map((row) => sender.send(row.instance_name, row.to)));
    await pool.query(FINISH, [rows.map((row) => row.job_id), messageIds]);
  }
}

/** One claimer; each send records its own outcome and frees its instance. */
async function serialLoop(
  pool: pg.Pool,
  sender: GatewaySender,
  concurrency: number,
  state: { running: boolean },
) {
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  while (state.running) {
    const free = concurrency - inFlight.size;
    const { rows } =
      free > 0 ? await pool.query<Claimed>(CLAIM_ONE_PER_INSTANCE, [free, [...busy]]) : { rows: [] };
    for (const row of rows) {
      busy.add(row.instance_id);
      const done = sender
        .send(row.instance_name, row.to)
        .then((messageId) => pool.query(FINISH, [[row.job_id], [messageId]]))
        .then(() => {
          busy.delete(row.instance_id);
          inFlight.delete(done);
        });
      inFlight.add(done);
    }
    if (rows.length === 0) await Promise.race([sleep(IDLE_POLL_MS), ...inFlight]);
  }
  await Promise.all(inFlight);
}
