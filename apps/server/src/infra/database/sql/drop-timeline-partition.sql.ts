import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";
import { retentionCutoff } from "./retention-cutoff";
import { DAY_PARTITION_NAME } from "./timeline-partitions.sql";

/** Day partitions whose every row occurred more than `ageSeconds` ago (the day ended before the cutoff), oldest first. */
export async function listExpiredDayPartitions(db: Db, ageSeconds: number): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select child.relname as name
        from pg_inherits
        join pg_class child on child.oid = pg_inherits.inhrelid
        where pg_inherits.inhparent = 'timeline_event'::regclass
          and child.relname ~ '^timeline_event_[0-9]{8}$'
          and (to_date(substring(child.relname from 16), 'YYYYMMDD') + 1)::timestamp at time zone 'UTC'
              <= ${retentionCutoff(ageSeconds)}
        order by child.relname`,
  );
  return rows.map((row) => row.name);
}

/**
 * Drops one expired day partition unless a row in it still matters: a row of an intent that still
 * exists (retention keeps UNCONFIRMED and unfinished intents, and deletes the others first), or a
 * row a webhook delivery is still owed for. Finished deliveries of its rows go with it. The SHARE
 * lock keeps writers out of the partition from the check to the drop while readers go on; the drop
 * itself needs a moment's exclusive lock on the whole timeline, which `lock_timeout` bounds (the
 * caller's transaction sets it). Run inside a transaction. Returns whether it was dropped.
 */
export async function dropDayPartitionIfUnused(db: Db, name: string): Promise<boolean> {
  if (!DAY_PARTITION_NAME.test(name)) throw new Error(`not a day partition: ${name}`);
  const partition = sql.identifier(name);
  await db.execute(sql`lock table ${partition} in share mode`);
  // Scalar subqueries stay per-row index probes whatever the statistics say (no hash join over all intents).
  const [row] = await queryRows<{ used: boolean }>(
    db,
    sql`select exists (
          select 1 from ${partition} t
          where t.intent_id is not null
            and (select 1 from message_intent i where i.id = t.intent_id) is not null
        ) or exists (
          select 1 from webhook_delivery d
          where d.status in ('PENDING', 'DELIVERING')
            and (select 1 from ${partition} t where t.id = d.timeline_event_id) is not null
        ) as used`,
  );
  if (row?.used !== false) return false;
  await db.execute(
    sql`delete from webhook_delivery d
        where d.timeline_event_id between (select min(id) from ${partition}) and (select max(id) from ${partition})
          and (select 1 from ${partition} t where t.id = d.timeline_event_id) is not null`,
  );
  await db.execute(sql`drop table ${partition}`);
  return true;
}
