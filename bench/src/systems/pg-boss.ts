import pg from "pg";
import { PgBoss } from "pg-boss";
import type { BenchIntent, BenchSystem, RunningWorker, WorkerSettings } from "./bench-system";
import { GatewaySender } from "./gateway-sender";
import {
  CREATE_INTENT_TABLE,
  type IntentJobPayload,
  insertApprovedIntents,
  MARK_SENT,
  payloadOf,
  plainProgress,
  plainSentTimes,
  seedSentIntents,
} from "./plain-intent-table";

const QUEUE = "send-intent";
const CHUNK = 5_000;
/** Each of `concurrency / BATCH` local workers fetches BATCH jobs at a time. */
const BATCH = 10;

function jobOf(intent: BenchIntent, perInstanceSerial: boolean) {
  return {
    data: payloadOf(intent),
    singletonKey: intent.id,
    ...(perInstanceSerial ? { group: { id: intent.instance } } : {}),
  };
}

/** The instance stays quiet: monitoring and scheduling are not what is measured. */
function bossFor(databaseUrl: string, options: { listen: boolean; max?: number }): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    useListenNotify: options.listen,
    schedule: false,
    supervise: false,
    ...(options.max ? { max: options.max } : {}),
  });
  boss.on("error", (error) => process.stderr.write(`pg-boss: ${error.message}\n`));
  return boss;
}

/**
 * pg-boss with the settings its documentation gives for throughput: batch fetches by several local
 * workers (localConcurrency × batchSize = concurrency), burstWhenBatchFull, LISTEN/NOTIFY on a
 * notify queue. Dedupe: an `exclusive` queue with singletonKey = intent id (under the default policy a
 * singletonKey dedupes nothing). Per-instance serial: group = instance with groupConcurrency 1.
 */
export const pgBoss: BenchSystem = {
  name: "pg-boss",
  settings: `exclusive notify queue, batchSize ${BATCH} × localConcurrency concurrency/${BATCH}, burstWhenBatchFull, useListenNotify`,
  prepare: async (databaseUrl) => {
    const boss = bossFor(databaseUrl, { listen: false });
    await boss.start();
    await boss.createQueue(QUEUE, { policy: "exclusive", notify: true });
    await boss.stop({ graceful: false });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await pool.query(CREATE_INTENT_TABLE);
    await pool.end();
  },
  enqueue: async (pool, intents, perInstanceSerial) => {
    await insertApprovedIntents(pool, intents);
    const boss = bossFor(pool.options.connectionString as string, { listen: false, max: 2 });
    await boss.start();
    for (let start = 0; start < intents.length; start += CHUNK)
      await boss.insert(
        QUEUE,
        intents.slice(start, start + CHUNK).map((intent) => jobOf(intent, perInstanceSerial)),
      );
    await boss.stop({ graceful: false });
  },
  openApprover: async (databaseUrl) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const boss = bossFor(databaseUrl, { listen: false, max: 2 });
    await boss.start();
    return {
      // The job is sent through the approval's own connection, inside its transaction.
      approve: async (intent) => {
        const client = await pool.connect();
        try {
          await client.query("begin");
          await insertApprovedIntents(client, [intent]);
          const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
          await boss.send(QUEUE, payloadOf(intent), { singletonKey: intent.id, db });
          await client.query("commit");
        } finally {
          client.release();
        }
      },
      close: async () => {
        await boss.stop({ graceful: false });
        await pool.end();
      },
    };
  },
  seedHistory: async (pool, count, instances) => {
    await seedSentIntents(pool, count, instances);
    // pg-boss keeps completed jobs (for 14 days by default): the history lives in its job table too.
    await pool.query(
      `insert into pgboss.job (name, data, state, singleton_key, policy, created_on, started_on, completed_on)
       select $1, jsonb_build_object('intentId', gen_random_uuid()), 'completed', gen_random_uuid()::text,
              'exclusive', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
       from generate_series(1, $2::int)`,
      [QUEUE, count],
    );
  },
  progress: plainProgress,
  sentTimes: plainSentTimes,
  openWorker: async (settings: WorkerSettings): Promise<RunningWorker> => {
    const sender = new GatewaySender(settings);
    const localConcurrency = Math.max(1, Math.round(settings.concurrency / BATCH));
    const boss = bossFor(settings.databaseUrl, { listen: true, max: localConcurrency + 4 });
    await boss.start();
    const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: localConcurrency });
    return {
      go: async () => {
        await boss.work<IntentJobPayload>(
          QUEUE,
          {
            batchSize: BATCH,
            localConcurrency,
            burstWhenBatchFull: true,
            pollingIntervalSeconds: 0.5,
            ...(settings.perInstanceSerial ? { groupConcurrency: 1 } : {}),
          },
          async (jobs) => {
            const messageIds = await Promise.all(
              jobs.map((job) => sender.send(job.data.instance, job.data.to)),
            );
            await pool.query(MARK_SENT, [jobs.map((job) => job.data.intentId), messageIds]);
          },
        );
      },
      stop: async () => {
        await boss.stop({ graceful: true, timeout: 10_000 });
        await pool.end();
      },
    };
  },
};
