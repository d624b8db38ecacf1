import type { IntentPurpose } from "../intent/message-payload";

/** One page of a list ordered newest first; `nextCursor` is opaque to callers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What operators narrow a list by; each criterion left undefined matches everything. */
export interface ListCriteria {
  organizationId?: string | undefined;
  instanceId?: string | undefined;
  purpose?: IntentPurpose | undefined;
  /** Created at or after. */
  createdFrom?: Date | undefined;
  /** Created at or before. */
  createdTo?: Date | undefined;
  /** A UUID: the intent's or the job's exact id; anything else: part of the recipient, ignoring case. */
  search?: string | undefined;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}
