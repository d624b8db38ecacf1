import { sql } from "drizzle-orm";
import type { LeaseRecoveryRequest } from "../../../application/ports/job-queue";
import { LEASE_EXPIRED_AFTER_DISPATCH, LEASE_EXPIRED_BEFORE_DISPATCH } from "../../../domain/job/job-error";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { giveBackJobs } from "./give-back-jobs.sql";
import { arrayParam, jsonb } from "./params";

/**
 * Recovery, one batch per statement: PROCESSING jobs whose lease ran out (their worker died or
 * hangs), oldest expiry first, skipping rows a concurrent recoverer or a late finish holds. A
 * heartbeat that lands first moves `locked_until` and the recheck leaves the job alone.
 */
export function recoverExpiredLeases(db: Db, request: LeaseRecoveryRequest): Promise<DomainEvent[]> {
  if (request.limit <= 0) return Promise.resolve([]);
  return giveBackJobs(db, {
    source: sql`
      select id from message_execution_job
      where status = 'PROCESSING' and locked_until < now()
      order by locked_until
      limit ${request.limit}
      for update skip locked`,
    stillApplies: sql`job.locked_until < now()`,
    actor: request.actor,
    // Never handed to the gateway: nothing left, so it runs again. Handed over: it may have been
    // sent, so it waits for a report or an operator, unless the provider dedupes on our key.
    retryable: sql`(job.dispatched_at is null
      or job.provider = any(${arrayParam(request.idempotentProviders, "text")}))`,
    error: sql`case when job.dispatched_at is null then ${jsonb(LEASE_EXPIRED_BEFORE_DISPATCH)}
                    else ${jsonb(LEASE_EXPIRED_AFTER_DISPATCH)} end`,
  });
}
