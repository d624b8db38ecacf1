import { type SQL, sql } from "drizzle-orm";
import type { ClaimedJob, ClaimRequest } from "../../../application/ports/job-queue";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { intentFromRow } from "../mappers/intent-row";
import { jobFromRow } from "../mappers/job-row";
import { messageExecutionJobTable, messageIntentTable } from "../schema";
import { claimStatements, type HotStatements } from "./hot-statements";
import { drawnGapMs, isPaced, mayCarefullySend, sendInMs } from "./pacing-rules.sql";
import { arrayParam, databaseNowPlus } from "./params";

interface ClaimedRow extends Record<string, unknown> {
  job: Record<string, unknown>;
  intent: Record<string, unknown>;
  instance_name: string;
  instance_typing: boolean;
  instance_checks_recipients: boolean;
  send_in_ms: number | null;
  paced_by: string | null;
}

/**
 * Moves due runnable jobs to PROCESSING under this worker's lease (attempts + 1), not yet handed
 * to the gateway, and returns them with what the send needs. The worker marks them dispatched
 * (through its completer) before any request leaves, so a worker that dies before its claim's
 * reply reached it leaves jobs a rescuer simply retries.
 * Two workers never claim the same job (FOR UPDATE SKIP LOCKED). A job is claimable only when its
 * instance and organization are not paused, its instance is not held and no earlier unfinished job
 * to the same recipient from the same instance exists, which keeps each lead's messages in approval
 * order. Among the claimable, higher priority goes first, then the earliest due. Without a
 * per-instance limit this is one statement; with one, see below. Planned without statistics
 * (PLANNER_WITHOUT_STATISTICS).
 */
export async function claimRunnableJobs(db: Db, request: ClaimRequest): Promise<ClaimedJob[]> {
  if (request.limit <= 0) return [];
  const perInstance = request.perInstanceLimit;
  const statements = claimStatements(db);
  const rows =
    perInstance > 0
      ? await statements.transaction((tx) => claimUnderInstanceLimit(tx, request, perInstance))
      : await statements.rows<ClaimedRow>(claimOldestDueJobs(request));
  return rows.map((row) => ({
    job: jobFromRow(decodeRow(messageExecutionJobTable, row.job)).toProps(),
    intent: intentFromRow(decodeRow(messageIntentTable, row.intent)).toProps(),
    instanceName: row.instance_name,
    instanceTyping: row.instance_typing,
    instanceChecksRecipients: row.instance_checks_recipients,
    paceGapMs: (row.job.pace_gap_ms as number | null) ?? null,
    sendInMs: row.send_in_ms ?? 0,
    pacedBy: row.paced_by,
  }));
}

/**
 * A per-instance limit cannot be enforced by one statement: its snapshot would not see the
 * claims other workers commit while it waits, so two could each count one free slot. Instead the
 * first statement locks the instances that have room and due work (skipping those another
 * claimer holds); the second, under those locks and with a fresh snapshot that sees every
 * committed claim, counts their PROCESSING jobs and takes at most the remaining room of each.
 * The locks last until commit, so no other claimer can change those counts in between. They are
 * NO KEY UPDATE locks: they exclude each other but not the KEY SHARE lock a job insert takes on
 * its instance, so approvals never stall claims nor the other way round.
 */
async function claimUnderInstanceLimit(tx: HotStatements, request: ClaimRequest, perInstance: number) {
  const locked = await tx.rows<{ id: string }>(
    sql`
      select instance.id from instance
      cross join lateral (
        select job.priority, job.next_attempt_at, job.created_at from message_execution_job job
        where job.instance_id = instance.id and job.status in ('PENDING', 'RETRY') and job.next_attempt_at <= now()
        order by job.priority, job.next_attempt_at, job.created_at
        limit 1
      ) oldest
      where not instance.paused and instance.held_since is null
        and not exists (select 1 from organization_pause pause where pause.organization_id = instance.organization_id)
        and (not instance.careful or ${mayCarefullySend(sql`instance`, request.workerId)})
        and (select count(*) from message_execution_job running
             where running.instance_id = instance.id and running.status = 'PROCESSING') < ${perInstance}
      order by oldest.priority, oldest.next_attempt_at, oldest.created_at
      limit ${request.limit}
      for no key update of instance skip locked`,
  );
  if (locked.length === 0) return [];
  const instanceIds = arrayParam(
    locked.map((row) => row.id),
    "uuid",
  );
  const due = sql`
    select pick.id from (
      select instance.id as instance_id, ${isPaced(sql`instance`)} as paced,
             ${perInstance} - (select count(*) from message_execution_job running
                               where running.instance_id = instance.id and running.status = 'PROCESSING') as free
      from instance where instance.id = any(${instanceIds})
    ) room
    cross join lateral (
      select job.id, job.priority, job.next_attempt_at, job.created_at from message_execution_job job
      where job.instance_id = room.instance_id and job.status in ('PENDING', 'RETRY')
        and job.next_attempt_at <= now() and ${notBehindEarlierJob()}
      order by job.priority, job.next_attempt_at, job.created_at
      limit case when room.paced then least(room.free, 1) else greatest(room.free, 0) end
      for update of job skip locked
    ) pick
    order by pick.priority, pick.next_attempt_at, pick.created_at
    limit ${request.limit}`;
  return tx.rows<ClaimedRow>(claimStatement(request, due));
}

/**
 * The claim without a per-instance limit: one statement. Exported for the plan regression test.
 * The hot path's jobs first; careful instances' (pacing, warm-up, window) fill the room left, so
 * a claim the hot path fills never looks at them (a LIMIT 0 runs nothing).
 */
export function claimOldestDueJobs(request: ClaimRequest): SQL {
  return claimStatement(
    request,
    sql`with hot as materialized (${dueJobs(request)}),
      careful as (${carefulDueJobs(request, sql`${request.limit} - (select count(*) from hot)`)})
      select id from hot union all select id from careful`,
  );
}

/**
 * The most urgent, then oldest, due claimable jobs of any instance: the hot path, served by the
 * partial runnable index on (priority, next_attempt_at, created_at). Per-lead order still wins over
 * priority: a HIGH message waits for an earlier one to the same lead (notBehindEarlierJob).
 * The pause checks are hashed subplans (`not (x = any (select …))`), not anti-joins, on purpose:
 * with one organization (or one instance) the planner estimates that a NOT EXISTS against a pause
 * table it believes non-empty (a page left by one pause and resume is enough) removes every job,
 * and then sorts the whole backlog on each claim instead of walking the index (100 ms per claim at
 * 20,000 jobs). A subplan filter gets a fixed selectivity, so the index walk always wins.
 */
function dueJobs(request: ClaimRequest): SQL {
  return sql`
    select id from message_execution_job job
    where status in ('PENDING', 'RETRY') and next_attempt_at <= now()
      and ${notBehindEarlierJob()}
      and not (job.instance_id = any (select id from instance where paused))
      and ${notHeld()}
      and ${notCareful()}
      and not (job.organization_id = any (select organization_id from organization_pause))
    order by priority, next_attempt_at, created_at
    limit ${request.limit}
    for update skip locked`;
}

/**
 * Pacing, warm-up and sending windows are the careful path's: the hot path skips those instances
 * with one more hashed subplan, so a claim with none of them set pays a scan of an empty set.
 */
function notCareful(): SQL {
  return sql`not (job.instance_id = any (select id from instance where careful))`;
}

/**
 * Due jobs of careful instances that may send now (inside their window; when paced, their gap over
 * or ending within the lookahead, and under their caps): at most one per paced instance, the first
 * in claim order, with the instance locked (skipping those another claimer holds). Why the caps,
 * counted in this statement's snapshot, cannot be stale: a claim or an answer that committed since
 * changed the locked row's next_send_at, and the lock re-checks the row on its newest version,
 * which then no longer matches the snapshot's (see mayCarefullySend).
 */
function carefulDueJobs(request: ClaimRequest, limit: SQL): SQL {
  return sql`
    select pick.id from instance
    cross join lateral (
      select job.id from message_execution_job job
      where job.instance_id = instance.id and job.status in ('PENDING', 'RETRY')
        and job.next_attempt_at <= now() and ${notBehindEarlierJob()}
      order by job.priority, job.next_attempt_at, job.created_at
      limit case when ${isPaced(sql`instance`)} then 1 else ${limit} end
      for update of job skip locked
    ) pick
    where instance.careful and not instance.paused and instance.held_since is null
      and not (instance.organization_id = any (select organization_id from organization_pause))
      and ${mayCarefullySend(sql`instance`, request.workerId)}
    limit greatest(${limit}, 0)
    for no key update of instance skip locked`;
}

/**
 * Connection-aware holds: a number (or gateway) that said it cannot send now keeps its jobs
 * waiting, no attempt spent, until the hold lifts. A hashed subplan, like the pause checks.
 */
function notHeld(): SQL {
  return sql`not (job.instance_id = any (select id from instance where held_since is not null))`;
}

/**
 * Per-recipient order: the job is its lead's first unfinished job from its instance. Written as
 * "the first by (created_at, id)" rather than "no earlier one exists" so that only the recipient
 * index gives that order without a sort: the instance index also matches, and without statistics
 * the planner took it, reading every unfinished job of the instance for each candidate.
 */
function notBehindEarlierJob(): SQL {
  return sql`job.id = (
    select first.id from message_execution_job first
    where first.instance_id = job.instance_id and first.recipient = job.recipient
      and first.status in ('PENDING', 'RETRY', 'PROCESSING')
    order by first.created_at, first.id
    limit 1)`;
}

/** A paced instance's job carries the gap drawn for it (see the pace_after_answer trigger); others none. */
function paceGap(): SQL {
  const paced = isPaced(sql`paced`);
  return sql`case when job.instance_id = any (select id from instance paced where paced.careful and ${paced})
    then (select ${drawnGapMs(sql`paced`)} from instance paced where paced.id = job.instance_id) end`;
}

/** A paced claim is its number's one send in flight: the next waits for its answer (the trigger then sets the time). */
function pacedClaims(): SQL {
  return sql`paced_instance as (
      update instance set next_send_at = 'infinity' from claimed
      where instance.id = claimed.instance_id and claimed.pace_gap_ms is not null
    )`;
}

/**
 * Claims the rows `due` selected and returns them with their intent and instance name. Every step
 * goes through a primary key whatever the planner guesses of the batch's size (`= any(array(…))`,
 * scalar subqueries): the statement is prepared, and a generic plan sized for a large batch would
 * otherwise hash-join a scan of the whole table.
 */
function claimStatement(request: ClaimRequest, due: SQL): SQL {
  return sql`
    with claimed as (
      update message_execution_job job
      set status = 'PROCESSING', attempts = job.attempts + 1,
          locked_by = ${request.workerId} || '#' || txid_current(),
          locked_until = ${databaseNowPlus(request.leaseMs)},
          dispatched_at = null, updated_at = now(), pace_gap_ms = ${paceGap()}
      where job.id = any(array(${due}))
      returning job.*
    ), ${pacedClaims()}
    select to_jsonb(claimed) as job,
           (select to_jsonb(intent) from message_intent intent where intent.id = claimed.intent_id) as intent,
           (select instance.gateway_name from instance where instance.id = claimed.instance_id) as instance_name,
           (select coalesce((instance.pacing->>'typing')::boolean, false) from instance
            where instance.id = claimed.instance_id) as instance_typing,
           (select instance.check_recipients from instance
            where instance.id = claimed.instance_id) as instance_checks_recipients,
           -- The statement's snapshot, before paced_instance moved it: the gap this claim waits out.
           case when claimed.pace_gap_ms is not null then (select ${sendInMs(sql`instance`)} from instance
            where instance.id = claimed.instance_id) end as send_in_ms,
           case when claimed.pace_gap_ms is not null then (select instance.paced_by from instance
            where instance.id = claimed.instance_id) end as paced_by
    from claimed
    order by claimed.priority, claimed.next_attempt_at, claimed.created_at`;
}
