import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type { WebhookAttempt } from "../../../domain/webhook/webhook-delivery";
import { WEBHOOK_DELIVERY_STATUSES } from "../../../domain/webhook/webhook-delivery-status";
import { sqlValues } from "./sql-values";
import { webhookEndpointTable } from "./webhook-endpoint";

/**
 * One timeline event owed to one endpoint. Rows are written by the trigger `webhook_fan_out` in the
 * transaction that inserts the timeline row, so an event is owed if and only if it happened.
 */
export const webhookDeliveryTable = pgTable(
  "webhook_delivery",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpointTable.id, { onDelete: "cascade" }),
    organizationId: text("organization_id").notNull(),
    // No foreign key: a partitioned timeline's ids are unique only with `occurred_at`. The fan-out
    // trigger writes the link, and retention removes deliveries before their timeline rows.
    timelineEventId: bigint("timeline_event_id", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().default(sql`now()`),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** Every attempt so far, oldest first: bounded by the attempt limit. */
    log: jsonb("log").$type<WebhookAttempt[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    unique("webhook_delivery_event_unique").on(t.endpointId, t.timelineEventId),
    check("webhook_delivery_status_check", sql`${t.status} in (${sqlValues(WEBHOOK_DELIVERY_STATUSES)})`),
    // Partial: only unfinished rows, so the claim scan stays small as the log grows.
    index("webhook_delivery_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('PENDING', 'DELIVERING')`),
    index("webhook_delivery_endpoint_idx").on(t.endpointId, t.createdAt, t.id),
    // Deleting a timeline row checks this foreign key; without the index that is a full scan per row.
    index("webhook_delivery_timeline_event_idx").on(t.timelineEventId),
    // Retention walks finished deliveries oldest first.
    index("webhook_delivery_finished_idx")
      .on(t.finishedAt)
      .where(sql`${t.status} in ('SUCCEEDED', 'FAILED')`),
  ],
);

export type WebhookDeliveryRow = typeof webhookDeliveryTable.$inferSelect;
