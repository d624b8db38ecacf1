import { z } from "zod";
import { EXECUTION_STATUSES } from "../../../domain/job/execution-status";
import { operatorActionWith, pageQuery } from "./common.schemas";

export const listJobsQuery = z.object({
  ...pageQuery,
  status: z.enum(EXECUTION_STATUSES).optional(),
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
});

export const confirmJobBody = operatorActionWith({
  providerMessageId: z.string().trim().min(1).max(200).optional(),
}).default({ actor: "operator", reason: "" });

export const bulkRetryBody = operatorActionWith({
  status: z.literal("FAILED", { message: 'only "FAILED" jobs can be retried in bulk' }),
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  createdFrom: z.coerce.date({ message: "must be an ISO date" }).optional(),
  createdTo: z.coerce.date({ message: "must be an ISO date" }).optional(),
}).refine((b) => !b.createdFrom || !b.createdTo || b.createdFrom.getTime() <= b.createdTo.getTime(), {
  message: "createdFrom must not be after createdTo",
  path: ["createdFrom"],
});
