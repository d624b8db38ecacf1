import { sql } from "drizzle-orm";
import type {
  CandidateAttempt,
  ConfirmationCandidatesRequest,
} from "../../../domain/job/message-execution-job-repository";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { intentFromRow } from "../mappers/intent-row";
import { jobFromRow } from "../mappers/job-row";
import { messageExecutionJobTable, messageIntentTable } from "../schema";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

interface CandidateRow extends Record<string, unknown> {
  job: Record<string, unknown>;
  intent: Record<string, unknown>;
}

/** Served by the (instance_id, status) index: few jobs of one instance are ever in these states. */
export async function listConfirmationCandidates(
  db: Db,
  request: ConfirmationCandidatesRequest,
): Promise<CandidateAttempt[]> {
  const rows = await queryRows<CandidateRow>(
    db,
    sql`
      select to_jsonb(job) as job, to_jsonb(intent) as intent
      from message_execution_job job
      join message_intent intent on intent.id = job.intent_id
      where job.instance_id = ${request.instanceId}::uuid
        and job.status in ('UNCONFIRMED', 'PROCESSING')
        and job.dispatched_at between ${timestamptz(request.dispatchedFrom)} and ${timestamptz(request.dispatchedTo)}
      order by job.dispatched_at, job.id
      limit ${request.limit}`,
  );
  return rows.map((row) => ({
    job: jobFromRow(decodeRow(messageExecutionJobTable, row.job)).toProps(),
    intent: intentFromRow(decodeRow(messageIntentTable, row.intent)).toProps(),
  }));
}
