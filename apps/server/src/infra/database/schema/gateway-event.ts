import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { GATEWAY_EVENT_RESOLUTIONS } from "../../../domain/gateway/gateway-event";
import { RECEIPT_STATUSES } from "../../../domain/intent/delivery-receipt";
import { sqlValues } from "./sql-values";

/** Gateway reports: the receipts inbox, and reports kept until something settles them (see GatewayEvent). */
export const gatewayEventTable = pgTable(
  "gateway_event",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text("provider").notNull(),
    instanceName: text("instance_name").notNull(),
    kind: text("kind", { enum: ["send", "receipt"] }).notNull(),
    messageId: text("message_id").notNull(),
    // '' for a send, so that the dedupe key has no null in it.
    receiptStatus: text("receipt_status").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    resolution: text("resolution", { enum: GATEWAY_EVENT_RESOLUTIONS }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    check("gateway_event_kind_check", sql`${t.kind} in ('send', 'receipt')`),
    check(
      "gateway_event_resolution_check",
      sql`${t.resolution} in (${sqlValues(GATEWAY_EVENT_RESOLUTIONS)})`,
    ),
    check(
      "gateway_event_receipt_status_check",
      sql`${t.receiptStatus} in ('', ${sqlValues(RECEIPT_STATUSES)})`,
    ),
    // The gateway repeats itself (retries, each receipt under two names): one row per report.
    uniqueIndex("gateway_event_report_unique").on(
      t.provider,
      t.instanceName,
      t.kind,
      t.messageId,
      t.receiptStatus,
    ),
    // The reconciler's scan: only pending rows, oldest first.
    index("gateway_event_pending_idx").on(t.kind, t.id).where(sql`${t.resolution} = 'pending'`),
    // The receipt applier's inbox: rows stay in it for a moment, so this index stays small.
    index("gateway_event_received_idx").on(t.id).where(sql`${t.resolution} = 'received'`),
  ],
);

export type GatewayEventRow = typeof gatewayEventTable.$inferSelect;
