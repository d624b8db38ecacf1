import type { CreatedRange, Page } from "../../domain/shared/page";
import { type CursorPosition, decodeCursor } from "../database/pagination/cursor";
import { pageOf } from "../database/pagination/page-of";

/** The order of every list: (createdAt desc, id desc), as the SQL lists sort. */
function compareNewestFirst(a: CursorPosition, b: CursorPosition): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** One page of `rows` after `cursor`, newest first. */
export function pageNewestFirst<T extends CursorPosition>(
  rows: readonly T[],
  request: { limit: number; cursor?: string | undefined },
): Page<T> {
  const sorted = [...rows].sort(compareNewestFirst);
  const cursor = request.cursor ? decodeCursor(request.cursor) : null;
  const after = cursor ? sorted.filter((row) => compareNewestFirst(cursor, row) < 0) : sorted;
  return pageOf(after, request.limit);
}

export function isCreatedWithin(row: { createdAt: Date }, range: CreatedRange): boolean {
  const time = row.createdAt.getTime();
  return (
    (!range.createdFrom || time >= range.createdFrom.getTime()) &&
    (!range.createdTo || time < range.createdTo.getTime())
  );
}
