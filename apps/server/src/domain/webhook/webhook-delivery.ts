import type { WebhookDeliveryStatus } from "./webhook-delivery-status";

/** One POST to an endpoint: what came back, or why nothing did. */
export interface WebhookAttempt {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  /** The endpoint's HTTP status, null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  /** Why the attempt did not succeed; null on a 2xx. */
  error: string | null;
}

/** A timeline event owed to one endpoint, with its attempts so far. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  timelineEventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  log: WebhookAttempt[];
}

/** A delivery leased to one deliverer, with everything the POST needs. */
export interface ClaimedWebhookDelivery {
  id: string;
  attempt: number;
  deliveredBy: string;
  url: string;
  secret: string;
  /** The secret before the last rotation, while its grace period lasts: deliveries carry both signatures. */
  previousSecret: string | null;
  eventType: string;
  timelineEventId: string;
  /** The timeline row's event, as stored (JSON). */
  event: Record<string, unknown>;
}

/** How an attempt ended, as the deliverer decided it. */
export type WebhookDeliveryOutcome =
  | { kind: "succeeded"; attempt: WebhookAttempt }
  | { kind: "retry"; attempt: WebhookAttempt; nextAttemptAt: Date }
  | { kind: "gave-up"; attempt: WebhookAttempt };
