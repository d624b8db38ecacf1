import { sql } from "drizzle-orm";
import type { LeaseRecoveryRequest } from "../../../application/ports/job-queue";
import { LEASE_EXPIRED_AFTER_CLAIM } from "../../../domain/job/job-error";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { giveBackJobs } from "./give-back-jobs.sql";

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
    idempotentProviders: request.idempotentProviders,
    mayHaveLeft: true,
    error: LEASE_EXPIRED_AFTER_CLAIM,
  });
}
