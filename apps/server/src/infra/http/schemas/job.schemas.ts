import { z } from "zod";
import { INTENT_PURPOSES } from "../../../domain/intent/message-payload";
import { EXECUTION_STATUSES } from "../../../domain/job/execution-status";
import {
  createdRangeQuery,
  deliveryQuery,
  operatorActionWith,
  pageQuery,
  pageResponse,
  searchQuery,
} from "./common.schemas";
import { withContent } from "./message-content.schemas";

export const listJobsQuery = z.object({
  ...pageQuery,
  ...createdRangeQuery,
  ...searchQuery,
  ...deliveryQuery,
  status: z.enum(EXECUTION_STATUSES).optional(),
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  purpose: z.enum(INTENT_PURPOSES).optional().meta({ description: "The purpose of the job's intent" }),
});

export const jobResponse = z
  .object({
    id: z.uuid(),
    organizationId: z.string(),
    intentId: z.uuid(),
    instanceId: z.uuid(),
    provider: z.string(),
    recipient: z.string(),
    status: z.enum(EXECUTION_STATUSES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    nextAttemptAt: z.date(),
    lockedBy: z.string().nullable(),
    lockedUntil: z.date().nullable(),
    dispatchedAt: z.date().nullable(),
    providerMessageId: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    executedAt: z.date().nullable(),
  })
  .meta({ id: "Job" });

/** A job as lists show it: with its message and what the recipient's phone reported. */
export const jobListItemResponse = jobResponse
  .extend({
    message: withContent({
      sentAt: z.date().nullable(),
      deliveredAt: z.date().nullable(),
      readAt: z.date().nullable(),
    })
      .nullable()
      .meta({ description: "The job's intent content and receipts (null only if its intent is gone)" }),
  })
  .meta({ id: "JobListItem" });

export const jobPageResponse = pageResponse(jobListItemResponse);

export const confirmJobBody = operatorActionWith({
  providerMessageId: z.string().trim().min(1).max(200).optional(),
}).default({ actor: "operator", reason: "" });

const isDate = (value: unknown): value is Date => value instanceof Date;

export const bulkRetryBody = operatorActionWith({
  status: z.literal("FAILED", { message: 'only "FAILED" jobs can be retried in bulk' }),
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  ...createdRangeQuery,
  // zod runs this even when a date field failed, leaving its raw text there: compare only two dates.
}).refine((b) => !isDate(b.createdFrom) || !isDate(b.createdTo) || b.createdFrom <= b.createdTo, {
  message: "createdFrom must not be after createdTo",
  path: ["createdFrom"],
});

export const bulkRetryResponse = z.object({ retried: z.number().int() });
