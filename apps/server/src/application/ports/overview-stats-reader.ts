import type { InstanceStatus } from "../../domain/instance/instance-status";

/** The window the overview counts sends in: `minutes` whole minutes starting at `from`. */
export interface StatsWindow {
  from: Date;
  minutes: number;
  now: Date;
}

/** One WhatsApp instance as the overview shows it. */
export interface InstanceLaneStats {
  instanceId: string;
  name: string;
  status: InstanceStatus;
  /** Jobs being sent right now (PROCESSING). */
  inFlight: number;
  /** Jobs waiting to be sent (PENDING or RETRY). */
  waiting: number;
  sentInWindow: number;
  health: LaneHealth;
}

/**
 * A number's health over the window: its sends that failed, and of those sent, how many the
 * recipient's phone reported delivered or read, and how many got no receipt at all within
 * `NO_RECEIPT_AFTER_MS` (often a number not on WhatsApp).
 */
export interface LaneHealth {
  failed: number;
  delivered: number;
  read: number;
  withoutReceipt: number;
}

/** A sent message without any receipt this long after it went out counts as "without receipt". */
export const NO_RECEIPT_AFTER_MS = 10 * 60_000;

/** Raw counts for one organization; sparse where a count is zero. */
export interface OverviewSnapshot {
  intentsByStatus: Record<string, number>;
  jobsByStatus: Record<string, number>;
  /** Sends per minute index of the window (0 = the minute starting at `from`); absent minutes sent nothing. */
  sentByMinute: { minute: number; count: number }[];
  /** FAILED jobs by their last error's code, most frequent first. */
  failuresByCode: { code: string; count: number }[];
  /** Jobs a worker may claim now (PENDING or RETRY, due), and when the oldest of them was created. */
  runnable: { count: number; oldestCreatedAt: Date | null };
  lanes: InstanceLaneStats[];
}

/** Reads the aggregate counts behind the operator overview, in one consistent read. */
export interface OverviewStatsReader {
  read(organizationId: string, window: StatsWindow): Promise<OverviewSnapshot>;
}
