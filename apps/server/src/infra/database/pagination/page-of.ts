import type { Page } from "../../../domain/shared/page";
import { type CursorPosition, encodeCursor } from "./cursor";

/** Lists fetch one row more than asked: its presence alone says whether a next page exists. */
export function fetchSize(limit: number): number {
  return Math.max(0, limit) + 1;
}

export function pageOf<T extends CursorPosition, R>(
  rows: readonly T[],
  limit: number,
  counted: { total: number; totalCapped: boolean },
  present: (row: T) => R,
): Page<R> {
  const items = rows.slice(0, Math.max(0, limit));
  const last = items.at(-1);
  const hasMore = rows.length > items.length;
  return { items: items.map(present), nextCursor: hasMore && last ? encodeCursor(last) : null, ...counted };
}
