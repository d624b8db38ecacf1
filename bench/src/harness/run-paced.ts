import { setTimeout as sleep } from "node:timers/promises";
import type { BenchSystem } from "../systems/bench-system";
import type { BenchContext } from "./bench-context";
import { benchIntents, instanceNames } from "./bench-intents";
import { freshDatabase } from "./fresh-database";
import { monotonicMs } from "./monotonic-ms";
import { percentile } from "./percentile";
import { WorkerProcesses } from "./worker-processes";

export interface PacedRun {
  ratePerSec: number;
  seconds: number;
  instances: number;
  concurrency: number;
}

export interface PacedResult {
  approvals: number;
  /** From the approval's return (committed) to the gateway receiving the send. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  duplicates: number;
  missing: number;
}

/** An idle worker; approvals arrive one by one at a steady rate; how soon does each reach the gateway? */
export async function runPaced(ctx: BenchContext, system: BenchSystem, run: PacedRun, tag: string) {
  const database = await freshDatabase(
    ctx.adminUrl,
    `${ctx.databasePrefix}_${tag}`.replace(/\W/g, "_").toLowerCase(),
  );
  const databaseUrl = database.url;
  await system.prepare(databaseUrl);
  const instances = instanceNames(run.instances);
  await ctx.sim.request({ kind: "reset" });
  await ctx.sim.request({ kind: "instances", names: instances });
  await ctx.sim.request({ kind: "latency", latencyMs: 0 });
  const approver = await system.openApprover(databaseUrl, instances);
  const workers = await WorkerProcesses.start(
    system.name,
    {
      databaseUrl,
      gateway: "turbozap",
      gatewayUrl: ctx.sim.url,
      apiKey: ctx.sim.apiKey,
      concurrency: run.concurrency,
      perInstanceSerial: false,
      keepHistory: false,
      liveStreams: 0,
    },
    1,
  );
  await workers.go();
  // Let the worker settle into its idle state before the first approval.
  await sleep(1_000);
  const intents = benchIntents(run.ratePerSec * run.seconds, instances);
  const approvedAt = new Map<string, number>();
  const begin = monotonicMs();
  for (const [index, intent] of intents.entries()) {
    const due = begin + (index * 1000) / run.ratePerSec;
    await sleep(Math.max(0, due - monotonicMs()));
    await approver.approve(intent);
    approvedAt.set(intent.to, monotonicMs());
  }
  const deadline = Date.now() + ctx.runTimeoutMs;
  while ((await ctx.sim.stats()).distinct < intents.length && Date.now() < deadline) await sleep(20);
  const arrivals = await ctx.sim.request<Record<string, number>>({ kind: "arrivals" });
  const stats = await ctx.sim.stats();
  await workers.stop();
  await approver.close();
  await database.drop();
  const latencies = Object.entries(arrivals).map(([to, at]) => at - (approvedAt.get(to) ?? Number.NaN));
  return {
    approvals: intents.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    duplicates: stats.duplicates,
    missing: intents.length - stats.distinct,
  } satisfies PacedResult;
}
