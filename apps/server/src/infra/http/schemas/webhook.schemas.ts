import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../../../domain/webhook/webhook-event-types";
import { pageQuery } from "./common.schemas";

export const registerWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` }))
    .min(1, "must name at least one event type")
    .max(WEBHOOK_EVENT_TYPES.length * 2),
});

export const listDeliveriesQuery = z.object(pageQuery);
