import { parseArgs } from "node:util";
import type { BenchContext } from "./harness/bench-context";
import { buildBundles } from "./harness/build-bundles";
import { describeEnvironment, versionOf } from "./harness/environment";
import { runBatch } from "./harness/run-batch";
import { runIntake } from "./harness/run-intake";
import { runMix } from "./harness/run-mix";
import { runPaced } from "./harness/run-paced";
import { runReceipts } from "./harness/run-receipts";
import { type BenchLine, printTable } from "./report";
import {
  batchRun,
  CONCURRENCY,
  FULL,
  GATEWAYS,
  type GatewayName,
  INSTANCES,
  INTAKE_BATCH,
  LIVE_STREAMS,
  MIX_CALLERS,
  MIX_LIVE_STREAMS,
  OURS_ONLY,
  QUICK,
  RECEIPT_POSTS_IN_FLIGHT,
  SCENARIO_IDS,
  type ScenarioId,
  type Sizes,
} from "./scenarios";
import { type SimHandle, startSim } from "./sim/start-sim";
import { SYSTEM_NAMES, type SystemName } from "./systems/bench-system";
import { loadSystem } from "./systems/index";

// npm run bench [-- --quick] [-- --only <system>/<scenario>[,...]]: one JSON line per system × scenario
// on stdout, a table on stderr.

const USAGE = `npm run bench [-- options]
  --quick                          smaller sizes, for a look rather than a figure
  --only <system>/<scenario>[,…]   e.g. ours/W0, floor, /W3 or W3; repeatable
  --database-url <url>             admin connection (default BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --database-prefix <prefix>       names of the databases a run creates and drops (default bench)
  --intents <n>                    every scenario's size (the harness's own test)
  --help                           this text
systems: ${SYSTEM_NAMES.join(", ")}; scenarios: ${SCENARIO_IDS.join(", ")}
`;

const { values } = parseArgs({
  options: {
    help: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    "database-url": { type: "string" },
    "database-prefix": { type: "string", default: "bench" },
    // Overrides every size, for the harness's own test.
    intents: { type: "string" },
  },
});

/** `floor/W0`, `floor`, `/W3` or `W3`: which system × scenario pairs to run. */
function selected(system: SystemName, scenario: ScenarioId): boolean {
  const filters = (values.only ?? []).flatMap((value) => value.split(","));
  if (filters.length === 0) return true;
  return filters.some((filter) => {
    const [left = "", right] = filter.includes("/") ? filter.split("/") : [filter, undefined];
    const systemPart = right === undefined && SCENARIO_IDS.includes(left as ScenarioId) ? "" : left;
    const scenarioPart = right ?? (systemPart === "" ? left : "");
    return (systemPart === "" || systemPart === system) && (scenarioPart === "" || scenarioPart === scenario);
  });
}

function sizes(): Sizes {
  const base = values.quick ? QUICK : FULL;
  if (values.intents === undefined) return base;
  const n = Number(values.intents);
  return {
    ...base,
    w0Intents: n,
    w1Intents: n,
    w2Intents: n,
    w4Intents: n,
    w5Intents: n,
    w6Intents: n,
    w4History: n,
    w0RetentionIntents: n,
    w0RetentionHistory: n,
    intakeIntents: n,
    receiptMessages: n,
    w7Intents: n,
    w3Seconds: 1,
  };
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const adminUrl =
    values["database-url"] ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const environment = await describeEnvironment(adminUrl);
  await buildBundles();
  const sim = await startSim();
  // The other gateways' simulators start only when a scenario sends through them.
  const sims = new Map<GatewayName, Promise<SimHandle>>([["turbozap", Promise.resolve(sim)]]);
  const simOf = (gateway: GatewayName) => {
    const started = sims.get(gateway) ?? startSim(gateway);
    sims.set(gateway, started);
    return started;
  };
  const ctx: BenchContext = {
    adminUrl,
    databasePrefix: values["database-prefix"] ?? "bench",
    sim,
    simOf,
    runTimeoutMs: values.quick ? 60_000 : 180_000,
  };
  const size = sizes();
  const lines: BenchLine[] = [];
  const emit = (line: Omit<BenchLine, "version" | "environment" | "quick" | "settings">) => {
    const full: BenchLine = {
      ...line,
      quick: values.quick === true,
      version: versionOf(line.system),
      environment,
    };
    process.stdout.write(`${JSON.stringify(full)}\n`);
    lines.push(full);
  };
  try {
    for (const scenario of SCENARIO_IDS) {
      for (const name of SYSTEM_NAMES) {
        if (!selected(name, scenario) || (OURS_ONLY.includes(scenario) && name !== "ours")) continue;
        const system = await loadSystem(name);
        process.stderr.write(`${name} ${scenario}...\n`);
        const common = { system: name, scenario, settingsUsed: system.settings };
        const tag = `${name}_${scenario}`;
        switch (scenario) {
          case "W0": {
            const run = batchRun({ intents: size.w0Intents });
            emit({ ...common, run, result: await runBatch(ctx, system, run, tag) });
            break;
          }
          case "W0-fresh": {
            const run = batchRun({ intents: size.w0Intents, analyze: false });
            emit({ ...common, run, result: await runBatch(ctx, system, run, tag) });
            break;
          }
          case "W1": {
            const run = batchRun({ intents: size.w1Intents, latencyMs: 50 });
            const bound = (CONCURRENCY * 1000) / run.latencyMs;
            emit({ ...common, run, bound, result: await runBatch(ctx, system, run, tag) });
            break;
          }
          case "W2": {
            const run = batchRun({ intents: size.w2Intents, latencyMs: 20, perInstanceSerial: true });
            const bound = (INSTANCES * 1000) / run.latencyMs;
            emit({ ...common, run, bound, result: await runBatch(ctx, system, run, tag) });
            break;
          }
          case "W3": {
            const run = {
              ratePerSec: size.w3RatePerSec,
              seconds: size.w3Seconds,
              instances: INSTANCES,
              concurrency: CONCURRENCY,
            };
            emit({ ...common, paced: run, reaction: await runPaced(ctx, system, run, tag) });
            break;
          }
          case "W4": {
            const empty = batchRun({ intents: size.w4Intents });
            const history = batchRun({ intents: size.w4Intents, history: size.w4History });
            const withoutHistory = await runBatch(ctx, system, empty, `${tag}_empty`);
            const withHistory = await runBatch(ctx, system, history, `${tag}_history`);
            emit({
              ...common,
              run: history,
              result: withHistory,
              emptyResult: withoutHistory,
              historyCostRatio: withoutHistory.perSecond / withHistory.perSecond,
            });
            break;
          }
          case "W6":
          case "W6-fresh": {
            // Every number paced 100 ms apart, three worker processes: the bound is the pacing's.
            // W6-fresh: without ANALYZE, as a campaign landing between autovacuum passes.
            const analyze = scenario === "W6";
            const run = batchRun({ intents: size.w6Intents, processes: 3, minIntervalMs: 100, analyze });
            const bound = (INSTANCES * 1000) / run.minIntervalMs;
            emit({ ...common, run, bound, result: await runBatch(ctx, system, run, tag) });
            break;
          }
          case "W0-retention": {
            // Only the executor has retention: the others keep history until someone deletes it.
            const aged = {
              intents: size.w0RetentionIntents,
              history: size.w0RetentionHistory,
              historyAgeDays: 40,
            };
            const kept = await runBatch(ctx, system, batchRun({ ...aged, keepHistory: true }), `${tag}_kept`);
            const run = batchRun(aged);
            const result = await runBatch(ctx, system, run, `${tag}_retention`);
            emit({
              ...common,
              run,
              result,
              emptyResult: kept,
              retentionCostRatio: kept.perSecond / result.perSecond,
            });
            break;
          }
          case "W0-streams": {
            // W0 again, with and without open live streams, back to back in the same run.
            const quiet = await runBatch(ctx, system, batchRun({ intents: size.w0Intents }), `${tag}_none`);
            const run = batchRun({ intents: size.w0Intents, liveStreams: LIVE_STREAMS });
            const result = await runBatch(ctx, system, run, `${tag}_open`);
            emit({
              ...common,
              run,
              result,
              emptyResult: quiet,
              streamsCostRatio: quiet.perSecond / result.perSecond,
            });
            break;
          }
          case "W0-providers":
            // W0 through each gateway's simulator, back to back in the same run: compare these three.
            for (const gateway of GATEWAYS) {
              const run = batchRun({ intents: size.w0Intents, gateway });
              emit({
                ...common,
                variant: gateway,
                run,
                result: await runBatch(ctx, system, run, `${tag}_${gateway}`),
              });
            }
            break;
          case "W5":
            for (const processes of [1, 2, 4]) {
              const run = batchRun({ intents: size.w5Intents, processes });
              emit({
                ...common,
                variant: `${processes}p`,
                run,
                result: await runBatch(ctx, system, run, `${tag}_${processes}`),
              });
            }
            break;
          case "intake":
            for (const callers of [1, 2, 4]) {
              const run = { intents: size.intakeIntents, callers, batchSize: INTAKE_BATCH };
              emit({
                ...common,
                variant: `${callers}c`,
                intake: run,
                intakeResult: await runIntake(ctx, run, `${tag}_${callers}`),
              });
            }
            break;
          case "receipts": {
            const run = { messages: size.receiptMessages, concurrency: RECEIPT_POSTS_IN_FLIGHT };
            emit({ ...common, receipts: run, receiptsResult: await runReceipts(ctx, run, tag) });
            break;
          }
          case "W7": {
            const run = {
              intents: size.w7Intents,
              callers: MIX_CALLERS,
              batchSize: Math.min(INTAKE_BATCH, size.w7Intents),
              instances: INSTANCES,
              concurrency: CONCURRENCY,
              liveStreams: MIX_LIVE_STREAMS,
            };
            const mixResult = await runMix(ctx, run, tag);
            const w0 = lines.find((line) => line.system === name && line.scenario === "W0")?.result;
            emit({ ...common, mix: run, mixResult, w0Ratio: w0 && mixResult.perSecond / w0.perSecond });
            break;
          }
        }
      }
    }
  } finally {
    await Promise.all([...sims.values()].map(async (started) => (await started).close()));
  }
  printTable(lines, process.stderr);
}

await main();
