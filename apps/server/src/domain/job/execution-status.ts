export const EXECUTION_STATUSES = [
  "PENDING",
  "PROCESSING",
  "SENT",
  "FAILED",
  "RETRY",
  "UNCONFIRMED",
  "CANCELLED",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses a worker may claim. */
export const RUNNABLE_STATUSES = ["PENDING", "RETRY"] as const satisfies readonly ExecutionStatus[];

export function isRunnable(status: ExecutionStatus): boolean {
  return status === "PENDING" || status === "RETRY";
}

/**
 * Jobs that still occupy their instance: waiting to run or running. What "least busy" counts, and
 * what holds back a later message to the same recipient. UNCONFIRMED does not: it waits for a
 * person, and holding the lead's next messages behind it could block them forever.
 */
export const UNFINISHED_STATUSES = [
  "PENDING",
  "RETRY",
  "PROCESSING",
] as const satisfies readonly ExecutionStatus[];
