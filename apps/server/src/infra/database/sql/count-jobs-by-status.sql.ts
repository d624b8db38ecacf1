import { sql } from "drizzle-orm";
import type { ExecutionStatus } from "../../../domain/job/execution-status";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** One grouped count over all jobs; statuses without jobs are absent. */
export async function countJobsByStatus(db: Db): Promise<Partial<Record<ExecutionStatus, number>>> {
  const rows = await queryRows<{ status: ExecutionStatus; count: number }>(
    db,
    sql`select status, count(*)::int as count from message_execution_job group by status`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}
