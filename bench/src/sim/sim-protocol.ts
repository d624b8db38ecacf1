/** The simulator process's argument that turns its receipt webhooks on. */
export const RECEIPTS_FLAG = "--receipts";

export type SimRequest =
  | { kind: "instances"; names: string[] }
  | { kind: "latency"; latencyMs: number }
  | { kind: "reset" }
  | { kind: "stats" }
  | { kind: "arrivals" };

export interface SimStats {
  sends: number;
  distinct: number;
  duplicates: number;
  maxInFlightByInstance: Record<string, number>;
  /** The shortest time between two sends' arrivals, per instance (W6's pacing, as the gateway saw it). */
  minGapMsByInstance: Record<string, number>;
}
