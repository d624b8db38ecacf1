import type { CreatedRange, Page, PageRequest } from "../shared/page";
import type { IntentStatus } from "./intent-status";
import type { MessageIntent } from "./message-intent";
import type { IntentPurpose } from "./message-payload";

export interface IntentListFilter extends PageRequest, CreatedRange {
  organizationId?: string | undefined;
  status?: IntentStatus | undefined;
  purpose?: IntentPurpose | undefined;
  /** The instance the intent was approved on. */
  instanceId?: string | undefined;
  /** A UUID: the intent's exact id; anything else: part of the recipient as written, ignoring case. */
  search?: string | undefined;
}

export interface MessageIntentRepository {
  insert(intent: MessageIntent): Promise<void>;
  findById(id: string, options?: { forUpdate?: boolean }): Promise<MessageIntent | null>;
  save(intent: MessageIntent): Promise<void>;
  list(filter: IntentListFilter): Promise<Page<MessageIntent>>;
}
