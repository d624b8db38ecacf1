import { sql } from "drizzle-orm";
import type { JobFence } from "../../../domain/job/job-fence";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { fenceRows, HELD_BY_FENCE } from "./fence-rows.sql";
import { giveBackJobs } from "./give-back-jobs.sql";

const RELEASED = { code: "RELEASED", message: "the worker stopped before the request left" };

/** At shutdown: the claimed attempts (fenced) whose request never left go back to RETRY due now. */
export function releaseUndispatchedJobs(
  db: Db,
  fences: readonly JobFence[],
  now: Date,
  actor: string,
): Promise<DomainEvent[]> {
  if (fences.length === 0) return Promise.resolve([]);
  return giveBackJobs(db, {
    source: sql`
      select job.id from message_execution_job job, ${fenceRows(fences)}
      where ${HELD_BY_FENCE} and job.dispatched_at is null
      for update of job`,
    stillApplies: sql`job.dispatched_at is null`,
    now,
    actor,
    idempotentProviders: [],
    undispatched: RELEASED,
    dispatched: RELEASED,
  });
}
