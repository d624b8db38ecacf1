import { z } from "zod";
import { EXECUTION_STATUSES } from "../../../domain/job/execution-status";
import { createdRangeQuery, pageQuery } from "./common.schemas";

export const listJobsQuery = z.object({
  ...pageQuery,
  ...createdRangeQuery,
  status: z.enum(EXECUTION_STATUSES).optional(),
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
});
