import { z } from "zod";
import { EXECUTION_STATUSES } from "../../../domain/job/execution-status";
import { listCriteriaQuery, pageQuery } from "./common.schemas";

export const listJobsQuery = z.object({
  ...pageQuery,
  ...listCriteriaQuery,
  status: z.enum(EXECUTION_STATUSES).optional(),
});
