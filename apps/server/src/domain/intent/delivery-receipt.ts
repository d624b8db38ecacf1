/** What the recipient's phone reported about a sent message; recorded as timestamps, never as a status. */
export const RECEIPT_STATUSES = ["delivered", "read", "played"] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];
