import { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type { MessageExecutionJobRow } from "../schema";

// The row and the entity's props share their field names on purpose: the mapping is a copy.
export function jobFromRow(row: MessageExecutionJobRow): MessageExecutionJob {
  return MessageExecutionJob.fromProps({ ...row });
}

export function jobToRow(job: MessageExecutionJob): MessageExecutionJobRow {
  return { ...job.toProps() };
}
