import type { WebhookAttempt, WebhookDelivery } from "../../../domain/webhook/webhook-delivery";
import type { WebhookEndpoint } from "../../../domain/webhook/webhook-endpoint";
import type { WebhookDeliveryRow, WebhookEndpointRow } from "../schema";

export function webhookEndpointFromRow(row: WebhookEndpointRow): WebhookEndpoint {
  return { ...row };
}

export function webhookDeliveryFromRow(row: WebhookDeliveryRow): WebhookDelivery {
  const unfinished = row.status === "PENDING" || row.status === "DELIVERING";
  return {
    id: row.id,
    endpointId: row.endpointId,
    timelineEventId: String(row.timelineEventId),
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: unfinished ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    log: row.log.map(attemptFromJson),
  };
}

// The log is JSON: its dates come back as ISO strings.
function attemptFromJson(attempt: WebhookAttempt): WebhookAttempt {
  return { ...attempt, startedAt: new Date(attempt.startedAt), finishedAt: new Date(attempt.finishedAt) };
}
