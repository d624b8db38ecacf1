import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** An organization whose jobs wait (none is claimed) while its row exists; who paused it and why. */
export const organizationPauseTable = pgTable("organization_pause", {
  organizationId: text("organization_id").primaryKey(),
  actor: text("actor").notNull(),
  reason: text("reason").notNull(),
  pausedAt: timestamp("paused_at", { withTimezone: true }).notNull(),
});
