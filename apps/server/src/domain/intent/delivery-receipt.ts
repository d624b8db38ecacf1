/**
 * What WhatsApp reported about a sent message, recorded as timestamps, never as a status: the
 * recipient's phone (delivered, read, played), or the server refusing it after the gateway took it
 * (rejected: Evolution's `ERROR`, a server nack that says nothing more).
 */
export const RECEIPT_STATUSES = ["delivered", "read", "played", "rejected"] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];
