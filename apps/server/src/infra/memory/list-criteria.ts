import type { MessageIntentProps } from "../../domain/intent/message-intent";
import type { ListCriteria } from "../../domain/shared/page";
import { isUuid } from "../database/uuid";

/** The SQL lists' criteria, for rows in memory; `ids` are the ids a UUID search may name. */
export function matchesCriteria(
  row: { organizationId: string; createdAt: Date },
  intent: MessageIntentProps | undefined,
  ids: string[],
  criteria: ListCriteria,
): boolean {
  const { organizationId, purpose, createdFrom, createdTo, search } = criteria;
  return (
    (!organizationId || row.organizationId === organizationId) &&
    (!purpose || intent?.purpose === purpose) &&
    (!createdFrom || row.createdAt >= createdFrom) &&
    (!createdTo || row.createdAt <= createdTo) &&
    (!search ||
      (isUuid(search)
        ? ids.some((id) => id.toLowerCase() === search.toLowerCase())
        : (intent?.target.value.toLowerCase().includes(search.toLowerCase()) ?? false)))
  );
}
