import { sql } from "drizzle-orm";
import type { MissingJobsRequest } from "../../../application/ports/job-queue";
import type { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { jobFromRow } from "../mappers/job-row";
import { messageExecutionJobTable } from "../schema";
import { jobEventJson } from "./job-event-json.sql";
import { priorityRankOf } from "./priority-rank.sql";
import { queryRows } from "./query-rows";
import { recipientKeyOfIntent } from "./recipient-key.sql";

/**
 * The reconciler, in one statement: a PENDING job for each APPROVED intent that has none (oldest
 * first, returned in that order), on the instance that approved it and with that instance's provider, plus its
 * ExecutionJobCreated row. A concurrent reconciler's job wins the unique intent_id; the loser
 * inserts nothing for that intent, so no event is recorded twice.
 */
export async function createMissingJobs(db: Db, request: MissingJobsRequest): Promise<MessageExecutionJob[]> {
  if (request.limit <= 0) return [];
  const rows = await queryRows<{ job: Record<string, unknown> }>(
    db,
    sql`
      with candidate as (
        select intent.id as intent_id, intent.organization_id, intent.decided_by_instance_id as instance_id,
               instance.provider, ${recipientKeyOfIntent()} as recipient, ${priorityRankOf(sql`intent.priority`)} as priority,
               greatest(intent.send_at, now()) as due_at
        from message_intent intent
        join instance on instance.id = intent.decided_by_instance_id
        where intent.status = 'APPROVED'
          and not exists (select 1 from message_execution_job job where job.intent_id = intent.id)
        order by intent.created_at, intent.id
        limit ${request.limit}
      ), inserted as (
        insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                           priority, attempts, max_attempts, next_attempt_at, created_at, updated_at)
        select gen_random_uuid(), candidate.organization_id, candidate.intent_id, candidate.instance_id,
               candidate.recipient, candidate.provider, 'PENDING', candidate.priority, 0, ${request.maxAttempts}, candidate.due_at, now(), now()
        from candidate
        on conflict (intent_id) do nothing
        returning *
      ), timeline as (
        insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
        select organization_id, intent_id, id, 'ExecutionJobCreated', 'system',
               ${jobEventJson(sql`inserted`, sql`'ExecutionJobCreated'`, sql`inserted.created_at`, sql`'system'`)},
               created_at
        from inserted
      )
      select to_jsonb(inserted) as job
      from inserted join message_intent intent on intent.id = inserted.intent_id
      order by intent.created_at, intent.id`,
  );
  return rows.map((row) => jobFromRow(decodeRow(messageExecutionJobTable, row.job)));
}
