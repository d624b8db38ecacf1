import { z } from "zod";
import { DELIVERY_STATES, NO_RECEIPT_AFTER_MINUTES } from "../../../domain/intent/delivery-state";

export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
};

/** Years PostgreSQL and ISO 8601's four digits agree on; an offset can push 9999-12-31 past them. */
const EARLIEST = new Date("0001-01-01T00:00:00Z").getTime();
const LATEST = new Date("9999-12-31T23:59:59.999Z").getTime();

export const isoDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() <= LATEST, {
    message: "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z",
  });

/** A creation-time window on lists: `createdFrom` inclusive, `createdTo` exclusive. */
export const createdRangeQuery = {
  createdFrom: isoDateTime.optional(),
  createdTo: isoDateTime.optional(),
};

/** Free-text search on lists; an empty `q` searches nothing. */
export const searchQuery = {
  q: z.string().trim().max(200).optional().meta({
    description:
      "A UUID: that exact id; the start of an id (the 8 characters lists show); a phone number, matched by its digits however written; anything else: part of the recipient, ignoring case",
  }),
};

const operatorFields = {
  actor: z.string().trim().min(1).max(200).default("operator"),
  reason: z.string().trim().max(1000).default(""),
};

/** Operator actions say who and why; both end up on the timeline. */
export const operatorActionBody = z.object(operatorFields).default({ actor: "operator", reason: "" });

/** An operator action with more to say than who and why. */
export function operatorActionWith<T extends z.ZodRawShape>(shape: T) {
  return z.object({ ...operatorFields, ...shape });
}

/** A list's filter on what the recipient's phone reported. */
export const deliveryQuery = {
  delivery: z.enum(DELIVERY_STATES).optional().meta({
    description:
      "read; delivered (read counts as delivered); no-receipt: SENT at least noReceiptAfterMinutes ago without a receipt; not-yet: SENT more recently, no receipt yet",
  }),
  noReceiptAfterMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional()
    .meta({ description: `What tells no-receipt from not-yet (default ${NO_RECEIPT_AFTER_MINUTES})` }),
};

/** One page of a newest-first list; pass `nextCursor` back as `cursor` for the next page. */
export function pageResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().meta({ description: "Rows the whole filter matches, counted up to 10,000" }),
    totalCapped: z
      .boolean()
      .meta({ description: "True when there are more than `total` (counting stopped)" }),
  });
}
