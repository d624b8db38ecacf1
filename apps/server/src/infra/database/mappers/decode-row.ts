import { getTableColumns, type InferSelectModel } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * Raw statements (and `to_jsonb` of a row) answer with column names and driver values; this
 * decodes them exactly as the query builder would, so every query feeds the same entity mapper.
 */
export function decodeRow<T extends PgTable>(table: T, raw: Record<string, unknown>): InferSelectModel<T> {
  const decoded: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    decoded[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return decoded as InferSelectModel<T>;
}
