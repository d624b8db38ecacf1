export const INTENT_STATUSES = [
  "PENDING",
  "APPROVED",
  "QUEUED",
  "BLOCKED",
  "DROPPED",
  "SENT",
  "FAILED",
] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];
