export type ScenarioId =
  | "W0"
  | "W0-fresh"
  | "W1"
  | "W2"
  | "W3"
  | "W4"
  | "W5"
  | "W6"
  | "W6-fresh"
  | "W0-retention"
  | "W0-streams"
  | "W0-providers"
  | "intake"
  | "receipts"
  | "W7";
export const SCENARIO_IDS: readonly ScenarioId[] = [
  "W0",
  "W0-fresh",
  "W1",
  "W2",
  "W3",
  "W4",
  "W5",
  "W6",
  "W6-fresh",
  "W0-retention",
  "W0-streams",
  "W0-providers",
  "intake",
  "receipts",
  "W7",
];
/** Scenarios of the executor alone: its peers have no API to measure, and speak only TurboZap. */
export const OURS_ONLY: readonly ScenarioId[] = [
  "W6",
  "W6-fresh",
  "W0-retention",
  "W0-streams",
  "W0-providers",
  "intake",
  "receipts",
  "W7",
];

/** The gateways whose simulators the executor sends through (W0-providers runs W0 with each). */
export type GatewayName = "turbozap" | "evolution" | "wuzapi";
export const GATEWAYS: readonly GatewayName[] = ["turbozap", "evolution", "wuzapi"];

/** One batch run: `intents` approved up front, worked off by `processes` worker processes. */
export interface BatchRun {
  intents: number;
  instances: number;
  latencyMs: number;
  concurrency: number;
  processes: number;
  perInstanceSerial: boolean;
  /** Intents already SENT long ago, in the tables before the run. */
  history: number;
  /** How long ago the history was sent. */
  historyAgeDays: number;
  /** Keep every row whatever its age (retention off): the baseline of W0-retention. */
  keepHistory: boolean;
  /**
   * ANALYZE after enqueueing. Without it (W0-fresh) the burst meets the planner's statistics of an
   * empty table, as a campaign does between autovacuum passes.
   */
  analyze: boolean;
  /** W6: every instance paced this far apart (pacing.minIntervalMs); 0 = no pacing. */
  minIntervalMs: number;
  /** Live event streams open on the executor's API during the run (W0-streams). */
  liveStreams: number;
  /** The gateway simulator sent through (W0-providers); TurboZap's elsewhere. */
  gateway: GatewayName;
}

export interface Sizes {
  w0Intents: number;
  w1Intents: number;
  w2Intents: number;
  w3RatePerSec: number;
  w3Seconds: number;
  w4Intents: number;
  w4History: number;
  w5Intents: number;
  /** W6: 20 numbers × 10 sends/s for 60 s (quick: 10 s). */
  w6Intents: number;
  w0RetentionIntents: number;
  /** Messages sent 40 days ago that retention deletes during W0-retention (three rows each: intent, job, timeline). */
  w0RetentionHistory: number;
  intakeIntents: number;
  /** Messages whose receipts (delivered and read, each twice: four posts a message) the receipts scenario posts. */
  receiptMessages: number;
  /** W7: messages from API intake to their read receipt. */
  w7Intents: number;
}

export const FULL: Sizes = {
  w0Intents: 20_000,
  w1Intents: 5_000,
  w2Intents: 5_000,
  w3RatePerSec: 20,
  w3Seconds: 30,
  w4Intents: 20_000,
  w4History: 1_000_000,
  w5Intents: 20_000,
  w6Intents: 12_000,
  w0RetentionIntents: 20_000,
  w0RetentionHistory: 1_000_000,
  intakeIntents: 20_000,
  receiptMessages: 10_000,
  w7Intents: 20_000,
};

export const QUICK: Sizes = {
  w0Intents: 5_000,
  w1Intents: 2_000,
  w2Intents: 1_000,
  w3RatePerSec: 20,
  w3Seconds: 4,
  w4Intents: 2_000,
  w4History: 50_000,
  w5Intents: 3_000,
  w6Intents: 2_000,
  w0RetentionIntents: 5_000,
  w0RetentionHistory: 100_000,
  intakeIntents: 8_000,
  receiptMessages: 2_500,
  w7Intents: 2_000,
};

/** Intents per `POST /v1/intents:batch` in the intake scenario: the route's maximum. */
export const INTAKE_BATCH = 1_000;

/** Receipt posts in flight at once in the receipts scenario (as the issue measured them). */
export const RECEIPT_POSTS_IN_FLIGHT = 20;

/** Live event streams open during W0-streams. */
export const LIVE_STREAMS = 100;

/** W7: API clients posting batches at once, and live event streams open (as a dashboard or two would keep them). */
export const MIX_CALLERS = 4;
export const MIX_LIVE_STREAMS = 3;

export const CONCURRENCY = 50;
export const INSTANCES = 20;

export function batchRun(overrides: Partial<BatchRun> & Pick<BatchRun, "intents">): BatchRun {
  return {
    instances: INSTANCES,
    latencyMs: 0,
    concurrency: CONCURRENCY,
    processes: 1,
    perInstanceSerial: false,
    history: 0,
    historyAgeDays: 1,
    keepHistory: false,
    analyze: true,
    minIntervalMs: 0,
    liveStreams: 0,
    gateway: "turbozap",
    ...overrides,
  };
}
