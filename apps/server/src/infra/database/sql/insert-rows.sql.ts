import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../database";

/**
 * Inserts `rows` into `table` in one statement with one array parameter per column:
 * `insert … select * from unnest($1::uuid[], $2::text[], …)`. Drizzle's multi-row VALUES binds one
 * parameter per cell (24,000 for 1,000 intents) and builds a statement text to match, which cost the
 * API process more memory than the rows themselves. Columns the rows leave undefined take their
 * defaults, evaluated per row in array order (timeline ids follow the rows' order).
 */
export async function insertRows<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T["$inferInsert"][],
): Promise<void> {
  const [first] = rows;
  if (first === undefined) return;
  const given = Object.entries(getTableColumns(table)).filter(
    ([key]) => (first as Record<string, unknown>)[key] !== undefined,
  );
  // Every cell as text (or null) and cast in SQL, so both drivers send the very same parameters.
  const arrays = given.map(([key, column]) => {
    const cells = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      return value === null || value === undefined ? null : String(column.mapToDriverValue(value));
    });
    return sql`${sql.param(cells)}::${sql.raw(column.getSQLType())}[]`;
  });
  const names = sql.join(
    given.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  await db.execute(sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`);
}
