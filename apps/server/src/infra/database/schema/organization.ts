import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A tenant: every intent, job, instance and timeline row carries its id. */
export const organizationTable = pgTable("organization", {
  // Text, not uuid: the organization that existed before API keys is known by the id "default".
  id: text("id").primaryKey(),
  name: text("name").notNull().unique("organization_name_unique"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export type OrganizationRow = typeof organizationTable.$inferSelect;
