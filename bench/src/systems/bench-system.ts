import type pg from "pg";
import type { GatewayName } from "../scenarios";

export const SYSTEM_NAMES = ["ours", "graphile-worker", "pg-boss", "floor"] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** One approved message: sent to `to` (unique per intent, so the simulator can count duplicates) through `instance`. */
export interface BenchIntent {
  id: string;
  instance: string;
  to: string;
}

export interface WorkerSettings {
  databaseUrl: string;
  /** Which gateway's simulator answers at gatewayUrl (not TurboZap's only in ours' W0-providers). */
  gateway: GatewayName;
  gatewayUrl: string;
  apiKey: string;
  /** Sends in flight at once in one worker process. */
  concurrency: number;
  /** At most one send in flight per instance (W2). */
  perInstanceSerial: boolean;
  /** Turn off whatever deletes old history (W0-retention's baseline); otherwise the system's defaults. */
  keepHistory: boolean;
  /** Live event streams held open on the system's API while it works (W0-streams); ours only. */
  liveStreams: number;
}

export interface Progress {
  sent: number;
  /** Epoch milliseconds of the last SENT, null before the first. */
  lastSentAt: number | null;
}

export interface Approver {
  /** Approves one intent as a user of the system would (its own transaction, job included). */
  approve(intent: BenchIntent): Promise<void>;
  close(): Promise<void>;
}

export interface RunningWorker {
  /** Starts working; until then the process is connected and warm but claims nothing. */
  go(): Promise<void>;
  stop(): Promise<void>;
  /** Queries sent so far and peak memory, when the work runs in another process than this one. */
  usage?(): Promise<{ queries: number; peakRssMb: number }>;
}

/**
 * What the harness needs of each system. The orchestrator calls everything but `openWorker`, which
 * runs in the worker processes.
 */
export interface BenchSystem {
  readonly name: SystemName;
  /** The settings that make it fast, for the report. */
  readonly settings: string;
  /** Installs the system's schema in an empty database. */
  prepare(databaseUrl: string): Promise<void>;
  /** Makes `intents` approved and runnable in bulk. */
  enqueue(
    pool: pg.Pool,
    intents: readonly BenchIntent[],
    perInstanceSerial: boolean,
    gateway: GatewayName,
  ): Promise<void>;
  openApprover(databaseUrl: string, instances: readonly string[]): Promise<Approver>;
  /** `count` intents sent `ageDays` ago, with whatever rows the system keeps for them. */
  seedHistory(pool: pg.Pool, count: number, instances: readonly string[], ageDays: number): Promise<void>;
  progress(pool: pg.Pool): Promise<Progress>;
  /** Epoch milliseconds at which each intent became SENT. */
  sentTimes(pool: pg.Pool): Promise<number[]>;
  openWorker(settings: WorkerSettings): Promise<RunningWorker>;
  /** Paces every instance `minIntervalMs` apart (only systems that can: W6). */
  pace?(pool: pg.Pool, minIntervalMs: number): Promise<void>;
}
