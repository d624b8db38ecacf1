import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { BatchRun } from "../scenarios";
import type { SimGaps } from "../sim/sim-protocol";
import type { SimHandle } from "../sim/start-sim";
import type { BenchSystem } from "../systems/bench-system";
import type { BenchContext } from "./bench-context";
import { benchIntents, instanceNames } from "./bench-intents";
import { freshDatabase } from "./fresh-database";
import { monotonicMs } from "./monotonic-ms";
import { percentile } from "./percentile";
import { WorkerProcesses } from "./worker-processes";

export interface BatchResult {
  intents: number;
  sent: number;
  seconds: number;
  perSecond: number;
  /** Milliseconds from the start of the run to each SENT (every intent was approved before it). */
  p50Ms: number;
  p99Ms: number;
  duplicates: number;
  /** Intents the gateway never received. */
  missing: number;
  /** Most sends in flight at once on one instance, as the gateway saw it. */
  maxInFlightPerInstance: number;
  queriesPerMessage: number;
  peakRssMb: number;
  /** Gaps between two sends of one instance shorter than the run's minIntervalMs, as the gateway saw them (instances with any). */
  pacingViolations: number;
  smallestGapMs: number | null;
  /** Paced runs: the gateway's view of the gaps and of the sending span (null unpaced). */
  gaps: (SimGaps & { firstSendMs: number }) | null;
}

const POLL_MS = 20;

/** Approves `run.intents` up front in a fresh database, then times the workers until every one is SENT. */
export async function runBatch(ctx: BenchContext, system: BenchSystem, run: BatchRun, tag: string) {
  const database = await freshDatabase(
    ctx.adminUrl,
    `${ctx.databasePrefix}_${tag}`.replace(/\W/g, "_").toLowerCase(),
  );
  const databaseUrl = database.url;
  await system.prepare(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", (error) => process.stderr.write(`bench pool: ${error.message}\n`));
  try {
    const instances = instanceNames(run.instances);
    if (run.history > 0) await system.seedHistory(pool, run.history, instances, run.historyAgeDays);
    await system.enqueue(pool, benchIntents(run.intents, instances), run.perInstanceSerial, run.gateway);
    if (run.minIntervalMs > 0) {
      if (!system.pace) throw new Error(`${system.name} cannot pace its instances`);
      await system.pace(pool, run.minIntervalMs);
    }
    if (run.analyze) await pool.query("analyze");
    const sim = await ctx.simOf(run.gateway);
    await sim.request({ kind: "reset" });
    await sim.request({ kind: "instances", names: instances });
    await sim.request({ kind: "latency", latencyMs: run.latencyMs });
    const workers = await WorkerProcesses.start(
      system.name,
      {
        databaseUrl,
        gateway: run.gateway,
        gatewayUrl: sim.url,
        apiKey: sim.apiKey,
        concurrency: run.concurrency,
        perInstanceSerial: run.perInstanceSerial,
        keepHistory: run.keepHistory,
        liveStreams: run.liveStreams,
      },
      run.processes,
    );
    const startedAt = Date.now();
    const startedAtMonotonic = monotonicMs();
    const warmUpQueries = await workers.go();
    const finished = await waitUntilSent(ctx, sim, system, pool, run.intents, startedAt);
    const totals = await workers.stop();
    const stats = await sim.stats();
    const progress = await system.progress(pool);
    const seconds = ((progress.lastSentAt ?? Date.now()) - startedAt) / 1000;
    const latencies = (await system.sentTimes(pool)).map((at) => at - startedAt);
    return {
      intents: run.intents,
      sent: progress.sent,
      seconds,
      perSecond: finished ? run.intents / seconds : Number.NaN,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      duplicates: stats.duplicates,
      missing: run.intents - stats.distinct,
      maxInFlightPerInstance: Math.max(0, ...Object.values(stats.maxInFlightByInstance)),
      queriesPerMessage: (totals.queries - warmUpQueries) / run.intents,
      peakRssMb: totals.peakRssMb,
      pacingViolations: Object.values(stats.minGapMsByInstance).filter((gap) => gap < run.minIntervalMs)
        .length,
      smallestGapMs: run.minIntervalMs > 0 ? Math.min(...Object.values(stats.minGapMsByInstance)) : null,
      gaps: run.minIntervalMs > 0 ? await gapsSince(sim, startedAtMonotonic) : null,
    } satisfies BatchResult;
  } finally {
    await pool.end();
    await database.drop();
  }
}

/** The gateway's view of a paced run's gaps, and how long after the start its first send came. */
async function gapsSince(sim: SimHandle, startedAt: number) {
  const gaps = await sim.request<SimGaps>({ kind: "gaps" });
  return { ...gaps, firstSendMs: gaps.firstAt - startedAt };
}

/** Watches the gateway (cheap) until every intent reached it, then the database until all are SENT. */
async function waitUntilSent(
  ctx: BenchContext,
  sim: SimHandle,
  system: BenchSystem,
  pool: pg.Pool,
  intents: number,
  startedAt: number,
): Promise<boolean> {
  const deadline = startedAt + ctx.runTimeoutMs;
  while ((await sim.stats()).distinct < intents) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  while ((await system.progress(pool)).sent < intents) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}
