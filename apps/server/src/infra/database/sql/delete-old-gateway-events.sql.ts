import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";
import { retentionCutoff } from "./retention-cutoff";

/**
 * One retention batch: gateway reports received longer than `ageSeconds` ago that something
 * already settled or gave up on; a pending one still has work to do. Walks the primary key, which
 * follows arrival order, so no index of its own is needed.
 */
export async function deleteOldGatewayEvents(db: Db, ageSeconds: number, limit: number): Promise<number> {
  const rows = await queryRows<{ deleted: number }>(
    db,
    sql`
      with doomed as (
        select id from gateway_event
        where resolution <> 'pending' and received_at < ${retentionCutoff(ageSeconds)}
        order by id
        limit ${limit}
        for update skip locked
      ),
      deleted as (delete from gateway_event g using doomed where g.id = doomed.id returning 1)
      select count(*)::int as deleted from deleted`,
  );
  return rows[0]?.deleted ?? 0;
}
