import { type JobHelpers, Logger, makeWorkerUtils, type Runner, run, runMigrations } from "graphile-worker";
import pg from "pg";
import type { BenchSystem, RunningWorker, WorkerSettings } from "./bench-system";
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

const TASK = "send_intent";
const CHUNK = 5_000;
/** Errors only: its info lines would cost the worker's event loop time the others do not spend. */
const quiet = new Logger(() => (level, message) => {
  if (level === "error") process.stderr.write(`graphile-worker: ${message}\n`);
});

/**
 * Graphile Worker with the settings its performance page gives for throughput: a local queue (jobs
 * fetched and locked in batches) and batched completion, LISTEN/NOTIFY as always. Dedupe: jobKey =
 * intent id. Per-instance serial: a named queue per instance (a queue's jobs run one at a time).
 */
/** The local queue fetches and completes in batches, so few connections serve it, and W5's four processes fit in PostgreSQL's default 100. */
const LOCAL_QUEUE_POOL_SIZE = 20;

export const graphileWorker: BenchSystem = {
  name: "graphile-worker",
  settings:
    "localQueue.size 4×concurrency, completeJobBatchDelay 0, pollInterval 2000 (W2: neither, pollInterval 100), maxPoolSize 20 (W2: concurrency+2)",
  prepare: async (databaseUrl) => {
    await runMigrations({ connectionString: databaseUrl, logger: quiet });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await pool.query(CREATE_INTENT_TABLE);
    await pool.end();
  },
  enqueue: async (pool, intents, perInstanceSerial) => {
    await insertApprovedIntents(pool, intents);
    const utils = await makeWorkerUtils({ pgPool: pool, logger: quiet });
    for (let start = 0; start < intents.length; start += CHUNK) {
      await utils.addJobs(
        intents.slice(start, start + CHUNK).map((intent) => ({
          identifier: TASK,
          payload: payloadOf(intent),
          jobKey: intent.id,
          ...(perInstanceSerial ? { queueName: intent.instance } : {}),
        })),
      );
    }
    await utils.release();
  },
  openApprover: async (databaseUrl) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    return {
      // The job is added in the approval's transaction, as its documentation suggests for atomicity.
      approve: async (intent) => {
        const client = await pool.connect();
        try {
          await client.query("begin");
          await insertApprovedIntents(client, [intent]);
          await client.query("select graphile_worker.add_job($1, $2::json, job_key => $3)", [
            TASK,
            JSON.stringify(payloadOf(intent)),
            intent.id,
          ]);
          await client.query("commit");
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  },
  seedHistory: seedSentIntents,
  progress: plainProgress,
  sentTimes: plainSentTimes,
  openWorker: async (settings: WorkerSettings): Promise<RunningWorker> => {
    const sender = new GatewaySender(settings);
    let runner: Runner | null = null;
    return {
      go: async () => {
        runner = await run({
          connectionString: settings.databaseUrl,
          concurrency: settings.concurrency,
          // Without the local queue every job fetches and completes on its own connection.
          maxPoolSize: settings.perInstanceSerial ? settings.concurrency + 2 : LOCAL_QUEUE_POOL_SIZE,
          noHandleSignals: true,
          pollInterval: settings.perInstanceSerial ? 100 : 2_000,
          logger: quiet,
          preset: {
            // Batching holds a named queue locked until the next fetch or batch, and nothing notifies
            // that a queue was unlocked, so idle workers wait for the poll: per-instance serial runs
            // with the defaults.
            worker: settings.perInstanceSerial
              ? {}
              : { localQueue: { size: settings.concurrency * 4 }, completeJobBatchDelay: 0 },
          },
          taskList: {
            [TASK]: async (payload: unknown, helpers: JobHelpers) => {
              const job = payload as IntentJobPayload;
              const messageId = await sender.send(job.instance, job.to);
              await helpers.query(MARK_SENT, [[job.intentId], [messageId]]);
            },
          },
        });
      },
      stop: async () => {
        await runner?.stop();
      },
    };
  },
};
