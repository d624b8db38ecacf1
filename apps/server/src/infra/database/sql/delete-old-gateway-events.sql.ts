import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { deleteSelectedRows } from "./delete-selected-rows";
import { retentionCutoff } from "./retention-cutoff";

/**
 * One retention batch: gateway reports received longer than `ageSeconds` ago that something
 * already settled or gave up on; a received or pending one still has work to do. Walks the primary key, which
 * follows arrival order, so no index of its own is needed.
 */
export function deleteOldGatewayEvents(db: Db, ageSeconds: number, limit: number): Promise<number> {
  return deleteSelectedRows(
    db,
    "gateway_event",
    sql`
      select id from gateway_event
      where resolution not in ('received', 'pending') and received_at < ${retentionCutoff(ageSeconds)}
      order by id
      limit ${limit}
      for update skip locked`,
  );
}
