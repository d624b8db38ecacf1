import { isUuid } from "../database/uuid";

/** The SQL lists' search, for rows in memory: a UUID names one of `ids`, anything else is part of `recipient`. */
export function matchesSearch(
  search: string | undefined,
  ids: readonly string[],
  recipient: string,
): boolean {
  if (!search) return true;
  const wanted = search.toLowerCase();
  return isUuid(search)
    ? ids.some((id) => id.toLowerCase() === wanted)
    : recipient.toLowerCase().includes(wanted);
}
