import { and, desc, gte, lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { CreatedRange } from "../../../domain/shared/page";
import { decodeCursor } from "./cursor";

interface KeysetColumns {
  createdAt: PgColumn;
  id: PgColumn;
}

/** Rows strictly after the cursor in newest-first order; a row comparison the (created_at, id) index serves. */
export function afterCursor(columns: KeysetColumns, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  return sql`(${columns.createdAt}, ${columns.id}) < (${position.createdAt.toISOString()}::timestamptz, ${position.id}::uuid)`;
}

export function newestFirst(columns: KeysetColumns): SQL[] {
  return [desc(columns.createdAt), desc(columns.id)];
}

export function createdWithin(columns: KeysetColumns, range: CreatedRange): SQL | undefined {
  return and(
    range.createdFrom ? gte(columns.createdAt, range.createdFrom) : undefined,
    range.createdTo ? lt(columns.createdAt, range.createdTo) : undefined,
  );
}
