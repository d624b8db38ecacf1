import { z } from "zod";
import { INTENT_PURPOSES } from "../../../domain/intent/message-payload";

export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
};

/** The criteria the intent and job lists share (see ListCriteria). */
export const listCriteriaQuery = {
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  purpose: z.enum(INTENT_PURPOSES).optional(),
  createdFrom: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .pipe(z.coerce.date())
    .optional(),
  createdTo: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .pipe(z.coerce.date())
    .optional(),
  q: z.string().trim().max(200).optional(),
};

/** Operator actions say who and why; both end up on the timeline. */
export const operatorActionBody = z
  .object({
    actor: z.string().trim().min(1).max(200).default("operator"),
    reason: z.string().trim().max(1000).default(""),
  })
  .default({ actor: "operator", reason: "" });
