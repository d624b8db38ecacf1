import type { CreatedRange, Page, PageRequest } from "../shared/page";
import type { DeliveryFilter } from "./delivery-state";
import type { IntentPriority } from "./intent-priority";
import type { IntentStatus } from "./intent-status";
import type { MessageIntent } from "./message-intent";
import type { IntentPurpose } from "./message-payload";

export interface IntentListFilter extends PageRequest, CreatedRange, DeliveryFilter {
  organizationId?: string | undefined;
  status?: IntentStatus | undefined;
  purpose?: IntentPurpose | undefined;
  priority?: IntentPriority | undefined;
  /** Scheduled not before `sendAtFrom` (inclusive) and before `sendAtTo` (exclusive). */
  sendAtFrom?: Date | undefined;
  sendAtTo?: Date | undefined;
  /** The instance the intent was approved on. */
  instanceId?: string | undefined;
  /** A UUID: the intent's exact id; anything else: part of the recipient as written, ignoring case. */
  search?: string | undefined;
}

export interface MessageIntentRepository {
  insert(intent: MessageIntent): Promise<void>;
  /** Many new intents at once (a batch): one write for all of them. */
  insertMany(intents: readonly MessageIntent[]): Promise<void>;
  findById(id: string, options?: { forUpdate?: boolean }): Promise<MessageIntent | null>;
  /** The intents of these ids that exist (any order): one read for a page of jobs. */
  findMany(ids: readonly string[]): Promise<MessageIntent[]>;
  save(intent: MessageIntent): Promise<void>;
  list(filter: IntentListFilter): Promise<Page<MessageIntent>>;
}
