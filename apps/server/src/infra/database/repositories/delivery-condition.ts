import { and, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { type DeliveryFilter, NO_RECEIPT_AFTER_MINUTES } from "../../../domain/intent/delivery-state";
import { messageIntentTable as intent } from "../schema";

/** Intents in the filter's delivery state; "N minutes ago" is the database's clock, like every due time. */
export function deliveryCondition(filter: DeliveryFilter): SQL | undefined {
  const noReceipt = and(eq(intent.status, "SENT"), isNull(intent.deliveredAt), isNull(intent.readAt));
  const cutoff = sql`now() - make_interval(mins => ${filter.noReceiptAfterMinutes ?? NO_RECEIPT_AFTER_MINUTES})`;
  switch (filter.delivery) {
    case undefined:
      return undefined;
    case "read":
      return isNotNull(intent.readAt);
    case "delivered":
      return or(isNotNull(intent.deliveredAt), isNotNull(intent.readAt));
    case "no-receipt":
      return and(noReceipt, sql`${intent.sentAt} <= ${cutoff}`);
    case "not-yet":
      return and(noReceipt, sql`${intent.sentAt} > ${cutoff}`);
  }
}
