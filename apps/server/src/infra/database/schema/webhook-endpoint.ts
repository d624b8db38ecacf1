import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { WebhookEventType } from "../../../domain/webhook/webhook-event-types";

/** An organization's subscription: POST these timeline event types to `url`, signed with `secret`. */
export const webhookEndpointTable = pgTable(
  "webhook_endpoint",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    url: text("url").notNull(),
    events: text("events").array().$type<WebhookEventType[]>().notNull(),
    // Needed in clear to sign each delivery; never returned after registration, never logged.
    secret: text("secret").notNull(),
    // After a rotation the old secret keeps signing, beside the new one, until it expires.
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  // The fan-out trigger looks endpoints up by organization on every subscribable timeline insert.
  (t) => [index("webhook_endpoint_org_idx").on(t.organizationId)],
);

export type WebhookEndpointRow = typeof webhookEndpointTable.$inferSelect;
