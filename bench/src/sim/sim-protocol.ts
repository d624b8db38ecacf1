/** The simulator process's argument that turns its receipt webhooks on. */
export const RECEIPTS_FLAG = "--receipts";

export type SimRequest =
  | { kind: "instances"; names: string[] }
  | { kind: "latency"; latencyMs: number }
  | { kind: "reset" }
  | { kind: "stats" }
  | { kind: "arrivals" }
  | { kind: "gaps" };

export interface SimStats {
  sends: number;
  distinct: number;
  duplicates: number;
  maxInFlightByInstance: Record<string, number>;
  /** The shortest time between two sends' arrivals, per instance (W6's pacing, as the gateway saw it). */
  minGapMsByInstance: Record<string, number>;
}

/** Where a paced run's time went, as the gateway saw it (W6). */
export interface SimGaps {
  /** Gaps between two sends of one instance: percentiles 50, 90 and 99. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** From the first send's arrival to the last one's, any instance. */
  spanMs: number;
  /** The first send's arrival on the monotonic clock every process shares (monotonicMs). */
  firstAt: number;
}
