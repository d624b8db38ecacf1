import type { Writable } from "node:stream";
import type { Environment } from "./harness/environment";
import type { BatchResult } from "./harness/run-batch";
import type { IntakeResult, IntakeRun } from "./harness/run-intake";
import type { MixResult, MixRun } from "./harness/run-mix";
import type { PacedResult, PacedRun } from "./harness/run-paced";
import type { ReceiptsResult, ReceiptsRun } from "./harness/run-receipts";
import type { BatchRun, ScenarioId } from "./scenarios";
import type { SystemName } from "./systems/bench-system";

export interface BenchLine {
  system: SystemName;
  scenario: ScenarioId;
  variant?: string;
  version: string;
  quick: boolean;
  settingsUsed: string;
  environment: Environment;
  run?: BatchRun;
  /** The most this scenario allows (sends/s), when the gateway's latency bounds it. */
  bound?: number;
  result?: BatchResult;
  emptyResult?: BatchResult;
  historyCostRatio?: number;
  /** W0-retention: sends per second with history kept ÷ with retention deleting it at the same time. */
  retentionCostRatio?: number;
  /** W0-streams: sends per second without live streams ÷ with them open. */
  streamsCostRatio?: number;
  paced?: PacedRun;
  reaction?: PacedResult;
  intake?: IntakeRun;
  intakeResult?: IntakeResult;
  receipts?: ReceiptsRun;
  receiptsResult?: ReceiptsResult;
  mix?: MixRun;
  mixResult?: MixResult;
  /** W7's messages/s ÷ W0's sends/s of the same run (W0 run first), when both ran. */
  w0Ratio?: number | undefined;
}

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits);

/** The rate, p50, p99, queries and peak RSS columns of a throughput row. */
function throughputCells(
  r: { perSecond: number; p50Ms: number; p99Ms: number; peakRssMb: number },
  queries: string,
): string[] {
  return [
    `${fixed(r.perSecond)}/s`,
    `p50 ${fixed(r.p50Ms)} ms`,
    `p99 ${fixed(r.p99Ms)} ms`,
    queries,
    `${fixed(r.peakRssMb)} MB`,
  ];
}

function row(line: BenchLine): string[] {
  const name = `${line.scenario}${line.variant ? ` ${line.variant}` : ""}`;
  if (line.reaction) {
    const r = line.reaction;
    return [
      name,
      line.system,
      `${r.approvals} approvals`,
      `p50 ${fixed(r.p50Ms, 2)} ms`,
      `p99 ${fixed(r.p99Ms, 2)} ms`,
      "",
      "",
      `${r.duplicates}`,
      `${r.missing}`,
    ];
  }
  if (line.intakeResult) {
    const r = line.intakeResult;
    return [
      name,
      line.system,
      ...throughputCells(r, `${fixed(r.queriesPerIntent, 3)} q/intent`),
      "",
      "",
      `intents/s, ${line.intake?.batchSize} per call, p50/p99 per call`,
    ];
  }
  if (line.receiptsResult) {
    const r = line.receiptsResult;
    return [
      name,
      line.system,
      ...throughputCells(r, `${fixed(r.queriesPerPost, 2)} q/post`),
      `${r.duplicates}`,
      `${r.missing}`,
      `posts/s until recorded (answered ${fixed(r.acceptedPerSecond)}/s; ignored events ${fixed(r.ignoredPerSecond)}/s), ` +
        `${fixed(r.cpuMsPerPost, 2)} CPU ms/post, ${line.receipts?.concurrency} in flight, half duplicates`,
    ];
  }
  if (line.mixResult) {
    const r = line.mixResult;
    const ratio = line.w0Ratio === undefined ? "" : `, ${fixed(line.w0Ratio, 2)} × W0`;
    return [
      name,
      line.system,
      ...throughputCells(r, `${fixed(r.queriesPerMessage, 2)} q/msg`),
      `${r.duplicates}`,
      `${r.missing + r.unread}`,
      `msgs/s intake→read${ratio}; p50/p99 approval→SENT; SENT→read p50 ${fixed(r.readP50Ms)} ms p99 ${fixed(r.readP99Ms)} ms`,
    ];
  }
  const r = line.result as BatchResult;
  const extra =
    line.streamsCostRatio !== undefined
      ? `${line.run?.liveStreams} streams; none ${fixed(line.emptyResult?.perSecond)}/s, ratio ${fixed(line.streamsCostRatio, 2)}`
      : line.retentionCostRatio !== undefined
        ? `retention off ${fixed(line.emptyResult?.perSecond)}/s, ratio ${fixed(line.retentionCostRatio, 2)}`
        : line.historyCostRatio !== undefined
          ? `empty ${fixed(line.emptyResult?.perSecond)}/s, ratio ${fixed(line.historyCostRatio, 2)}`
          : line.bound !== undefined
            ? `${fixed((r.perSecond / line.bound) * 100)}% of ${line.bound}/s`
            : "";
  return [
    name,
    line.system,
    ...throughputCells(r, `${fixed(r.queriesPerMessage, 2)} q/msg`),
    `${r.duplicates}`,
    `${r.missing}`,
    extra,
  ];
}

/** A plain-text table of the lines, columns padded. */
export function printTable(lines: readonly BenchLine[], out: Writable): void {
  const header = ["scenario", "system", "rate", "p50", "p99", "queries", "peak RSS", "dup", "missing", ""];
  const rows = [header, ...lines.map(row)];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? "").length)));
  for (const cells of rows)
    out.write(
      `${cells
        .map((cell, column) => (cell ?? "").padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd()}\n`,
    );
}
