import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizationTable } from "./organization";

/** A credential of one organization. Only the secret's SHA-256 is kept; the secret is shown once. */
export const apiKeyTable = pgTable(
  "api_key",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizationTable.id),
    label: text("label").notNull(),
    /** The secret's first characters, enough to recognise a key in a list, too few to use it. */
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull().unique("api_key_secret_hash_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("api_key_organization_idx").on(t.organizationId)],
);

export type ApiKeyRow = typeof apiKeyTable.$inferSelect;
