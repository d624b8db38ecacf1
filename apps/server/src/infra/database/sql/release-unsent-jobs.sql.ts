import { sql } from "drizzle-orm";
import { RELEASED } from "../../../domain/job/job-error";
import type { JobFence } from "../../../domain/job/job-fence";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { fenceRows, HELD_BY_FENCE } from "./fence-rows.sql";
import { giveBackJobs } from "./give-back-jobs.sql";
import { jsonb } from "./params";

/** At shutdown: the claimed attempts (fenced) whose holder never started their request go back to RETRY due now. */
export function releaseUnsentJobs(
  db: Db,
  fences: readonly JobFence[],
  actor: string,
): Promise<DomainEvent[]> {
  if (fences.length === 0) return Promise.resolve([]);
  return giveBackJobs(db, {
    source: sql`
      select job.id from message_execution_job job, ${fenceRows(fences)}
      where ${HELD_BY_FENCE}
      for update of job`,
    stillApplies: sql`true`,
    actor,
    retryable: sql`true`,
    error: jsonb(RELEASED),
  });
}
