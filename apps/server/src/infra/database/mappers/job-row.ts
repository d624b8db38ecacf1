import { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type { MessageExecutionJobRow } from "../schema";

// The row and the entity's props share their field names on purpose: the mapping is a copy.
export function jobFromRow(row: MessageExecutionJobRow): MessageExecutionJob {
  // The pacing gap and the answer's time are the pacing's bookkeeping for the database, not part of the job.
  const { paceGapMs: _gap, answeredAt: _answered, ...props } = row;
  return MessageExecutionJob.fromProps(props);
}

export function jobToRow(job: MessageExecutionJob): MessageExecutionJobRow {
  return { ...job.toProps(), paceGapMs: null, answeredAt: null };
}
