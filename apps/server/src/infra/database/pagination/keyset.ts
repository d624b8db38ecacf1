import { desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
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
