import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A creation request remembered by its Idempotency-Key: the first answer is replayed to every
 * retry with the same body. The row is inserted before the work, in the same transaction, so a
 * concurrent retry waits on it instead of creating a second resource.
 */
export const idempotencyKeyTable = pgTable(
  "idempotency_key",
  {
    organizationId: text("organization_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    // Null only inside the transaction that claimed the key; nobody else can see that state.
    statusCode: integer("status_code"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "idempotency_key_pkey", columns: [t.organizationId, t.key] }),
    index("idempotency_key_expires_idx").on(t.expiresAt),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeyTable.$inferSelect;
