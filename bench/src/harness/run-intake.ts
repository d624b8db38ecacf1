import pg from "pg";
import { ExecutorProcess } from "../systems/executor-process";
import { ensureInstances } from "../systems/executor-tables";
import type { BenchContext } from "./bench-context";
import { approvedBatch, instanceNames } from "./bench-intents";
import { freshExecutorDatabase } from "./fresh-database";
import { monotonicMs } from "./monotonic-ms";
import { percentile } from "./percentile";
import { postJson } from "./post-json";

export interface IntakeRun {
  intents: number;
  /** Clients calling at once, each one call after the other. */
  callers: number;
  /** Intents per `POST /v1/intents:batch`. */
  batchSize: number;
}

export interface IntakeResult {
  intents: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds per call. */
  p50Ms: number;
  p99Ms: number;
  queriesPerIntent: number;
  peakRssMb: number;
}

/**
 * A campaign entering through the API: `callers` clients post batches of `batchSize` intents,
 * approved on an instance (so each gets its job), to one API process until `intents` are in.
 */
export async function runIntake(ctx: BenchContext, run: IntakeRun, tag: string): Promise<IntakeResult> {
  const database = await freshExecutorDatabase(ctx, tag);
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const api = await ExecutorProcess.startApiOnly(database.url);
  try {
    await ensureInstances(pool, instanceNames(1));
    const { rows } = await pool.query<{ id: string }>("select id from instance");
    const instanceId = rows[0]?.id;
    const calls = Math.ceil(run.intents / run.batchSize);
    const post = (call: number) =>
      postJson(
        `${api.url}/v1/intents:batch`,
        approvedBatch(instanceId, call * run.batchSize + 1, run.batchSize),
      );
    // One call first, outside the timing: the process's first statements are planned, its pool filled.
    await post(calls);
    const warmUp = await api.usage();
    const durations: number[] = [];
    let next = 0;
    const caller = async () => {
      for (let call = next++; call < calls; call = next++) {
        const began = monotonicMs();
        await post(call);
        durations.push(monotonicMs() - began);
      }
    };
    const began = monotonicMs();
    await Promise.all(Array.from({ length: run.callers }, caller));
    const seconds = (monotonicMs() - began) / 1000;
    const usage = await api.usage();
    const jobs = await pool.query<{ n: number }>("select count(*)::int as n from message_execution_job");
    if (jobs.rows[0]?.n !== (calls + 1) * run.batchSize) {
      throw new Error(`intake: ${jobs.rows[0]?.n} jobs for ${(calls + 1) * run.batchSize} intents`);
    }
    return {
      intents: calls * run.batchSize,
      seconds,
      perSecond: (calls * run.batchSize) / seconds,
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      queriesPerIntent: (usage.queries - warmUp.queries) / (calls * run.batchSize),
      peakRssMb: usage.peakRssMb,
    };
  } finally {
    await api.stop();
    await pool.end();
    await database.drop();
  }
}
