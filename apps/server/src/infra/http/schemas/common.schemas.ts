import { z } from "zod";

export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
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
