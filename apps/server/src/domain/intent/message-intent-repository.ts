import type { ListCriteria, Page, PageRequest } from "../shared/page";
import type { IntentStatus } from "./intent-status";
import type { MessageIntent } from "./message-intent";

/** `instanceId` is the instance the intent was approved on. */
export interface IntentListFilter extends PageRequest, ListCriteria {
  status?: IntentStatus | undefined;
}

export interface MessageIntentRepository {
  insert(intent: MessageIntent): Promise<void>;
  findById(id: string, options?: { forUpdate?: boolean }): Promise<MessageIntent | null>;
  save(intent: MessageIntent): Promise<void>;
  list(filter: IntentListFilter): Promise<Page<MessageIntent>>;
}
