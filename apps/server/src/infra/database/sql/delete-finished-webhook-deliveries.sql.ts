import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { deleteSelectedRows } from "./delete-selected-rows";
import { retentionCutoff } from "./retention-cutoff";

/** One retention batch: webhook deliveries that succeeded or gave up longer than `ageSeconds` ago. */
export function deleteFinishedWebhookDeliveries(db: Db, ageSeconds: number, limit: number): Promise<number> {
  return deleteSelectedRows(
    db,
    "webhook_delivery",
    sql`
      select id from webhook_delivery
      where status in ('SUCCEEDED', 'FAILED') and finished_at < ${retentionCutoff(ageSeconds)}
      order by finished_at
      limit ${limit}
      for update skip locked`,
  );
}
