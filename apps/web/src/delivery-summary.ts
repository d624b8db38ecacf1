import type { Receipts } from "./api/types";
import { formatClock } from "./format";

/** How long a SENT message may go without a receipt before the console says so. */
export const NO_RECEIPT_AFTER_MS = 10 * 60_000;

/**
 * What the recipient's phone reported, in a few words: "delivered 12:03, read 12:05", or "no
 * receipt after 10 min" for a sent message nothing came back for (often a number not on WhatsApp).
 */
export function deliverySummary(intent: Receipts, now: Date = new Date()): string | null {
  const parts = [];
  if (intent.deliveredAt) parts.push(`delivered ${formatClock(new Date(intent.deliveredAt))}`);
  if (intent.readAt) parts.push(`read ${formatClock(new Date(intent.readAt))}`);
  if (parts.length > 0) return parts.join(", ");
  const sentAt = intent.sentAt ? new Date(intent.sentAt).getTime() : null;
  if (intent.status === "SENT" && sentAt !== null && now.getTime() - sentAt >= NO_RECEIPT_AFTER_MS)
    return `no receipt after ${Math.round(NO_RECEIPT_AFTER_MS / 60_000)} min`;
  return null;
}
