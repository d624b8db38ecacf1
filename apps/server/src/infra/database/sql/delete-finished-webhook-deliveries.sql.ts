import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";
import { retentionCutoff } from "./retention-cutoff";

/** One retention batch: webhook deliveries that succeeded or gave up longer than `ageSeconds` ago. */
export async function deleteFinishedWebhookDeliveries(
  db: Db,
  ageSeconds: number,
  limit: number,
): Promise<number> {
  const rows = await queryRows<{ deleted: number }>(
    db,
    sql`
      with doomed as (
        select id from webhook_delivery
        where status in ('SUCCEEDED', 'FAILED') and finished_at < ${retentionCutoff(ageSeconds)}
        order by finished_at
        limit ${limit}
        for update skip locked
      ),
      deleted as (delete from webhook_delivery d using doomed where d.id = doomed.id returning 1)
      select count(*)::int as deleted from deleted`,
  );
  return rows[0]?.deleted ?? 0;
}
