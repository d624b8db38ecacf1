import { type SQL, sql } from "drizzle-orm";
import { INTENT_PRIORITIES } from "../../../domain/intent/intent-priority";
import { sqlValues } from "../schema/sql-values";

/** priorityRank (domain/intent/intent-priority.ts) of a priority column, for statements that create jobs. */
export function priorityRankOf(priority: SQL): SQL {
  return sql`(array_position(array[${sqlValues(INTENT_PRIORITIES)}]::text[], ${priority}) - 1)::smallint`;
}
