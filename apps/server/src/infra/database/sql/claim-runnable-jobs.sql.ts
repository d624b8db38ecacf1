import { sql } from "drizzle-orm";
import type { ClaimedJob, ClaimRequest } from "../../../domain/job/message-execution-job-repository";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { intentFromRow } from "../mappers/intent-row";
import { jobFromRow } from "../mappers/job-row";
import { messageExecutionJobTable, messageIntentTable } from "../schema";
import { arrayParam, timestamptz } from "./params";
import { queryRows } from "./query-rows";

interface ClaimedRow extends Record<string, unknown> {
  job: Record<string, unknown>;
  intent: Record<string, unknown>;
  instance_name: string;
}

/**
 * One statement: lock the oldest due runnable jobs, skipping rows another worker holds, move them
 * to PROCESSING under this worker's lease, and return them with what the send needs. Two workers
 * can never claim the same job, and a crash between the steps is impossible.
 */
export async function claimRunnableJobs(db: Db, request: ClaimRequest): Promise<ClaimedJob[]> {
  if (request.limit <= 0 || request.jobIds?.length === 0) return [];
  const now = timestamptz(request.now);
  const leaseUntil = timestamptz(new Date(request.now.getTime() + request.leaseMs));
  const onlyAmong = request.jobIds ? sql`and id = any(${arrayParam(request.jobIds, "uuid")})` : sql``;
  const rows = await queryRows<ClaimedRow>(
    db,
    sql`
      with due as (
        select id from message_execution_job
        where status in ('PENDING', 'RETRY') and next_attempt_at <= ${now} ${onlyAmong}
        order by next_attempt_at, created_at
        limit ${request.limit}
        for update skip locked
      ), claimed as (
        update message_execution_job job
        set status = 'PROCESSING', attempts = job.attempts + 1, locked_by = ${request.workerId},
            locked_until = ${leaseUntil}, dispatched_at = null, updated_at = ${now}
        from due
        where job.id = due.id
        returning job.*
      )
      select to_jsonb(claimed) as job, to_jsonb(intent) as intent, instance.name as instance_name
      from claimed
      join message_intent intent on intent.id = claimed.intent_id
      join instance on instance.id = claimed.instance_id
      order by claimed.next_attempt_at, claimed.created_at`,
  );
  return rows.map((row) => ({
    job: jobFromRow(decodeRow(messageExecutionJobTable, row.job)).toProps(),
    intent: intentFromRow(decodeRow(messageIntentTable, row.intent)).toProps(),
    instanceName: row.instance_name,
  }));
}
