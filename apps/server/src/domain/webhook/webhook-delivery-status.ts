/** PENDING (due at `nextAttemptAt`) → DELIVERING (leased) → SUCCEEDED | PENDING again | FAILED (gave up). */
export const WEBHOOK_DELIVERY_STATUSES = ["PENDING", "DELIVERING", "SUCCEEDED", "FAILED"] as const;

export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
