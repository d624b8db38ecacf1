import { z } from "zod";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../domain/webhook/webhook-delivery-status";
import { WEBHOOK_EVENT_TYPES } from "../../../domain/webhook/webhook-event-types";
import { pageQuery, pageResponse } from "./common.schemas";

const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES, {
  message: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}`,
});

export const registerWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048),
  events: z
    .array(webhookEventType)
    .min(1, "must name at least one event type")
    .max(WEBHOOK_EVENT_TYPES.length * 2),
});

/** Seven days: long enough to roll a receiver's configuration out, short enough that a leaked secret dies. */
const MAX_GRACE_SECONDS = 7 * 24 * 3600;

// Strict: a misspelt field would otherwise rotate with the default grace period, unnoticed.
export const rotateSecretBody = z
  .strictObject({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .default(24 * 3600)
      .meta({ description: "How long the old secret keeps signing beside the new one (default one day)" }),
  })
  .default({ gracePeriodSeconds: 24 * 3600 });

export const listDeliveriesQuery = z.object(pageQuery);

const webhookEndpointFields = {
  id: z.uuid(),
  url: z.string(),
  events: z.array(webhookEventType),
  createdAt: z.date(),
};

export const webhookEndpointResponse = z.object(webhookEndpointFields).meta({ id: "WebhookEndpoint" });

/** Only registration shows the signing secret: store it then, it is never shown again. */
export const registeredWebhookResponse = z
  .object({
    ...webhookEndpointFields,
    secret: z.string().meta({ description: "Signs every delivery (HMAC-SHA256); shown only here" }),
  })
  .meta({ id: "RegisteredWebhookEndpoint" });

export const rotatedSecretResponse = z
  .object({
    ...webhookEndpointFields,
    secret: z.string().meta({ description: "The new signing secret; shown only here" }),
    previousSecretExpiresAt: z.date().meta({ description: "Until then deliveries carry both signatures" }),
  })
  .meta({ id: "RotatedWebhookSecret" });

export const webhookEndpointListResponse = z.object({ items: z.array(webhookEndpointResponse) });

const webhookAttempt = z.object({
  attempt: z.number().int(),
  startedAt: z.date(),
  finishedAt: z.date(),
  statusCode: z.number().int().nullable().meta({ description: "null when no answer came" }),
  error: z.string().nullable().meta({ description: "null on a 2xx" }),
});

export const webhookDeliveryResponse = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    timelineEventId: z.string(),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.date().nullable().meta({ description: "null once SUCCEEDED or FAILED" }),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
    log: z.array(webhookAttempt),
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveryPageResponse = pageResponse(webhookDeliveryResponse);
