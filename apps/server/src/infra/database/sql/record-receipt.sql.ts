import { sql } from "drizzle-orm";
import type { ReceiptStatus } from "../../../domain/intent/delivery-receipt";
import type { MessageReceiptEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { insertTimelineEventFor } from "./insert-timeline-event.sql";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

// Fixed column names, never user input.
const COLUMN: Record<ReceiptStatus, string> = {
  delivered: "delivered_at",
  read: "read_at",
  played: "played_at",
  rejected: "rejected_at",
};

/**
 * Sets the receipt's column only while it is empty, and adds the timeline row only if it did: two
 * copies of one receipt racing each other record it once.
 */
export async function recordReceipt(
  db: Db,
  intentId: string,
  status: ReceiptStatus,
  at: Date,
  event: MessageReceiptEvent,
): Promise<boolean> {
  const column = sql.raw(COLUMN[status]);
  const rows = await queryRows<{ applied: boolean }>(
    db,
    sql`
      with recorded as (
        update message_intent set ${column} = ${timestamptz(at)}
        where id = ${intentId}::uuid and ${column} is null
        returning id
      ), timeline as (${insertTimelineEventFor(event, sql`recorded`)})
      select exists (select 1 from recorded) as applied`,
  );
  return rows[0]?.applied === true;
}
