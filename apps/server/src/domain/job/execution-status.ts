export const EXECUTION_STATUSES = ["PENDING", "PROCESSING", "SENT", "FAILED", "RETRY", "UNCONFIRMED"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Statuses a worker may claim. */
export const RUNNABLE_STATUSES = ["PENDING", "RETRY"] as const satisfies readonly ExecutionStatus[];

export function isRunnable(status: ExecutionStatus): boolean {
  return status === "PENDING" || status === "RETRY";
}
