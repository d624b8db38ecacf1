import { boolean, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What a gateway said of a phone number: on WhatsApp or not, and when (the database's clock). One row
 * per organization and number, whichever of its instances asked: an account is the number's, not the
 * sender's. A result younger than RECIPIENT_CHECK_MAX_AGE spares the next send its lookup.
 */
export const recipientCheckTable = pgTable(
  "recipient_check",
  {
    organizationId: text("organization_id").notNull(),
    /** The number's digits, as the per-recipient order keys it. */
    phone: text("phone").notNull(),
    onWhatsApp: boolean("on_whatsapp").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phone] })],
);
