export const EXECUTION_STATUSES = [
  "PENDING",
  "PROCESSING",
  "SENT",
  "FAILED",
  "RETRY",
  "UNCONFIRMED",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses a worker may claim. */
export const RUNNABLE_STATUSES = ["PENDING", "RETRY"] as const satisfies readonly ExecutionStatus[];

export function isRunnable(status: ExecutionStatus): boolean {
  return status === "PENDING" || status === "RETRY";
}

/** Jobs that still occupy their instance: waiting to run or running. What "least busy" counts. */
export const UNFINISHED_STATUSES = [
  "PENDING",
  "RETRY",
  "PROCESSING",
] as const satisfies readonly ExecutionStatus[];
