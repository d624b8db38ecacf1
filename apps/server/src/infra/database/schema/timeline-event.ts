import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { xid8 } from "./xid8";

/**
 * The durable trace of every domain event; `data` is the whole event with dates as ISO strings.
 *
 * Partitioned by range of `occurred_at` (migration 0015; drizzle cannot say so): one partition a day,
 * created ahead by the timeline partition upkeep and dropped whole by retention, and the default
 * partition `timeline_event_default` (the table as it was before, and any day without a partition
 * of its own). A partitioned table's unique keys must contain `occurred_at`, so `id` is unique
 * per partition (each has its own primary key) and across them by the shared sequence.
 */
export const timelineEventTable = pgTable(
  "timeline_event",
  {
    id: bigint("id", { mode: "number" }).notNull().default(sql`nextval('timeline_event_id_seq')`),
    organizationId: text("organization_id").notNull(),
    // Null for an event about a number rather than a message (InstanceDisconnected, InstanceReconnected).
    intentId: uuid("intent_id"),
    jobId: uuid("job_id"),
    type: text("type").notNull(),
    actor: text("actor").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    // The inserting transaction, so the live stream can tell which rows are final (see list-committed-timeline).
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index("timeline_event_intent_idx").on(t.intentId, t.id),
    index("timeline_event_org_xid_idx").on(t.organizationId, t.xid, t.id),
  ],
);

export type TimelineEventRow = typeof timelineEventTable.$inferSelect;
export type NewTimelineEventRow = typeof timelineEventTable.$inferInsert;
