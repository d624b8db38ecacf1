/**
 * The timeline event types an organization can subscribe a webhook endpoint to. The receipt types
 * (delivered, read, played) are recorded on the timeline by the gateway's incoming webhooks.
 */
export const WEBHOOK_EVENT_TYPES = [
  "MessageSent",
  "MessageFailed",
  "MessageUnconfirmed",
  "MessageDelivered",
  "MessageRead",
  "MessagePlayed",
  "MessageRejected",
  "MessageIntentApproved",
  "MessageIntentQueued",
  "MessageIntentReturnedToGate",
  "MessageIntentBlocked",
  "InstanceDisconnected",
  "InstanceReconnected",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
