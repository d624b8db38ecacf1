import { sql } from "drizzle-orm";
import type { RunnableBacklog } from "../../metrics/job-stats-source";
import type { Db } from "../database";
import { timestamptz } from "./params";
import { queryRows } from "./query-rows";

/** Due runnable jobs and the earliest due time; the predicate is the claim's, so the partial index serves it. */
export async function runnableBacklog(db: Db, now: Date): Promise<RunnableBacklog> {
  const [row] = await queryRows<{ count: number; oldest: Date | string | null }>(
    db,
    sql`
      select count(*)::int as count, min(next_attempt_at) as oldest from message_execution_job
      where status in ('PENDING', 'RETRY') and next_attempt_at <= ${timestamptz(now)}
    `,
  );
  return { count: row?.count ?? 0, oldestDueAt: row?.oldest ? new Date(row.oldest) : null };
}
