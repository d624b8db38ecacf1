import type { ExecutionStatus } from "../../domain/job/execution-status";

export interface RunnableBacklog {
  /** Jobs due now (PENDING/RETRY whose next attempt time has come). */
  count: number;
  /** The earliest due time among them; null when none is due. */
  oldestDueAt: Date | null;
}

/** What /metrics reads from the database at scrape time: cheap aggregate queries, no rows. */
export interface JobStatsSource {
  countByStatus(): Promise<Partial<Record<ExecutionStatus, number>>>;
  runnableBacklog(now: Date): Promise<RunnableBacklog>;
  /** Instances on hold by the code that holds them (INSTANCE_NOT_CONNECTED, LOGGED_OUT, NETWORK_ERROR…). */
  countHeldInstances(): Promise<Record<string, number>>;
}
