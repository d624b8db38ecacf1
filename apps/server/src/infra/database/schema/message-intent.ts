import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { INTENT_PRIORITIES } from "../../../domain/intent/intent-priority";
import { INTENT_STATUSES } from "../../../domain/intent/intent-status";
import { INTENT_PURPOSES, MESSAGE_TYPES, type MessageContent } from "../../../domain/intent/message-payload";
import { TARGET_KINDS } from "../../../domain/intent/message-target";
import { instanceTable } from "./instance";
import { sqlValues } from "./sql-values";

export const messageIntentTable = pgTable(
  "message_intent",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    targetKind: text("target_kind", { enum: TARGET_KINDS }).notNull(),
    targetValue: text("target_value").notNull(),
    type: text("type", { enum: MESSAGE_TYPES }).notNull(),
    purpose: text("purpose", { enum: INTENT_PURPOSES }).notNull(),
    priority: text("priority", { enum: INTENT_PRIORITIES }).notNull().default("NORMAL"),
    payload: jsonb("payload").$type<MessageContent["payload"]>().notNull(),
    status: text("status", { enum: INTENT_STATUSES }).notNull(),
    decidedByInstanceId: uuid("decided_by_instance_id").references(() => instanceTable.id),
    blockedReason: text("blocked_reason"),
    queuedUntil: timestamp("queued_until", { withTimezone: true }),
    sendAt: timestamp("send_at", { withTimezone: true }),
    /** Null: the default (the instance's, else the organization's). */
    typing: boolean("typing"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    playedAt: timestamp("played_at", { withTimezone: true }),
    traceparent: text("traceparent"),
  },
  (t) => [
    check("message_intent_status_check", sql`${t.status} in (${sqlValues(INTENT_STATUSES)})`),
    check("message_intent_priority_check", sql`${t.priority} in (${sqlValues(INTENT_PRIORITIES)})`),
    // Serves the newest-first, keyset-paginated list of an organization.
    index("message_intent_org_created_idx").on(
      t.organizationId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The reconciler looks for approved intents without a job; few intents stay APPROVED for long.
    index("message_intent_approved_idx").on(t.createdAt).where(sql`${t.status} = 'APPROVED'`),
    // Retention walks finished intents oldest first; the status change already costs the update
    // its HOT chance (the index above), so this adds one entry per finished intent and nothing more.
    index("message_intent_finished_created_idx")
      .on(t.createdAt)
      .where(sql`${t.status} in ('SENT', 'FAILED', 'DROPPED')`),
    // QUEUED intents whose time came, found without reading the others.
    index("message_intent_queued_until_idx").on(t.queuedUntil).where(sql`${t.status} = 'QUEUED'`),
  ],
);

export type MessageIntentRow = typeof messageIntentTable.$inferSelect;
