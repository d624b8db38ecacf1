import { sql } from "drizzle-orm";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/**
 * The default partition's upper bound: `occurred_at < bound`, a CHECK added NOT VALID and validated
 * apart. Once it is valid, a day at or after the bound gets its partition without PostgreSQL
 * scanning the default partition (the table as it was before partitioning) under an exclusive lock.
 */
const DEFAULT_BOUND = "timeline_event_default_before";

/** A day's partition is `timeline_event_YYYYMMDD`, covering that UTC day. */
export const DAY_PARTITION_NAME = /^timeline_event_[0-9]{8}$/;

export interface DefaultPartitionBound {
  /** null: not bounded yet. */
  bound: Date | null;
  validated: boolean;
}

export async function readDefaultPartitionBound(db: Db): Promise<DefaultPartitionBound> {
  // The constraint's text carries the bound as a literal with its offset, whatever the session's time zone.
  const [row] = await queryRows<{ bound: string; validated: boolean }>(
    db,
    sql`select to_char((regexp_match(pg_get_constraintdef(oid), '''([^'']+)'''))[1]::timestamptz at time zone 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bound,
               convalidated as validated
        from pg_constraint
        where conname = ${DEFAULT_BOUND} and conrelid = 'timeline_event_default'::regclass`,
  );
  return row ? { bound: new Date(row.bound), validated: row.validated } : { bound: null, validated: false };
}

/**
 * Bounds the default partition at the start of the day after tomorrow (UTC), NOT VALID: no scan,
 * only a moment's exclusive lock. Rows of later days must then have a partition of their own, which
 * the upkeep creates right after validating; the day's margin is for clocks that run ahead.
 */
export async function boundDefaultPartition(db: Db): Promise<void> {
  const [row] = await queryRows<{ bound: string }>(
    db,
    sql`select to_char(date_trunc('day', now() at time zone 'UTC') + interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as bound`,
  );
  if (!row) return;
  await db.execute(
    sql.raw(`alter table timeline_event_default add constraint ${DEFAULT_BOUND}
             check (occurred_at < '${row.bound}'::timestamptz) not valid`),
  );
}

/** Scans the default partition under SHARE UPDATE EXCLUSIVE: reads and writes go on meanwhile. */
export async function validateDefaultPartitionBound(db: Db): Promise<void> {
  await db.execute(sql.raw(`alter table timeline_event_default validate constraint ${DEFAULT_BOUND}`));
}

/**
 * Creates the missing day partitions from `from` (the default partition's bound, or today if later)
 * through `daysAhead` days after today, UTC. Each has its own primary key on `id`; the parent's
 * indexes are created on it, empty. Returns the names created.
 */
export async function createDayPartitions(db: Db, from: Date, daysAhead: number): Promise<string[]> {
  const days = await queryRows<{ name: string; day_from: string; day_to: string }>(
    db,
    sql`select 'timeline_event_' || to_char(day, 'YYYYMMDD') as name,
               to_char(day, 'YYYY-MM-DD') as day_from, to_char(day + interval '1 day', 'YYYY-MM-DD') as day_to
        from generate_series(
          greatest(${from.toISOString()}::timestamptz at time zone 'UTC', date_trunc('day', now() at time zone 'UTC')),
          date_trunc('day', now() at time zone 'UTC') + ${String(daysAhead)}::int * interval '1 day',
          interval '1 day') as day
        where to_regclass('timeline_event_' || to_char(day, 'YYYYMMDD')) is null`,
  );
  for (const day of days) {
    await db.execute(
      sql.raw(`create table ${day.name} partition of timeline_event (primary key (id))
               for values from ('${day.day_from} 00:00:00+00') to ('${day.day_to} 00:00:00+00')`),
    );
  }
  return days.map((day) => day.name);
}
