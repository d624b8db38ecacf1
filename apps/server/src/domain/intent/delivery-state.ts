/**
 * Where a message stands with its receipts, as lists filter it: `read`; `delivered` (read implies
 * delivered); `no-receipt`: sent at least N minutes ago and nothing came back (often a number not on
 * WhatsApp); `not-yet`: sent less than N minutes ago, no receipt yet.
 */
export const DELIVERY_STATES = ["delivered", "read", "no-receipt", "not-yet"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** How long a sent message may go without a receipt before lists call it `no-receipt`. */
export const NO_RECEIPT_AFTER_MINUTES = 10;

/** A delivery-state filter: the state, and the minutes that tell `no-receipt` from `not-yet`. */
export interface DeliveryFilter {
  delivery?: DeliveryState | undefined;
  noReceiptAfterMinutes?: number | undefined;
}
