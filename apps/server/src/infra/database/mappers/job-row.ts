import { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type { MessageExecutionJobRow } from "../schema";

// The row and the entity's props share their field names on purpose: the mapping is a copy.
export function jobFromRow(row: MessageExecutionJobRow): MessageExecutionJob {
  // The pacing gap is the claim's bookkeeping for the database, not part of the job.
  const { paceGapMs: _gap, ...props } = row;
  return MessageExecutionJob.fromProps(props);
}

export function jobToRow(job: MessageExecutionJob): MessageExecutionJobRow {
  return { ...job.toProps(), paceGapMs: null };
}
