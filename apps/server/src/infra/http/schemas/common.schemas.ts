import { z } from "zod";

export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
};

/** Operator actions say who and why; both end up on the timeline. */
export const operatorActionBody = z
  .object({
    actor: z.string().trim().min(1).max(200).default("operator"),
    reason: z.string().trim().max(1000).default(""),
  })
  .default({ actor: "operator", reason: "" });
