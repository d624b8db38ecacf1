import type { ReceiptStatus } from "../../domain/intent/delivery-receipt";
import { MessageIntent, type MessageIntentProps } from "../../domain/intent/message-intent";
import type {
  IntentListFilter,
  MessageIntentRepository,
} from "../../domain/intent/message-intent-repository";
import type { Page } from "../../domain/shared/page";
import type { MessageReceiptEvent } from "../../domain/timeline/domain-event";
import { requireInstance } from "./foreign-keys";
import type { StoreAccess } from "./in-memory-store";
import { matchesSearch } from "./list-search";
import { isCreatedWithin, pageNewestFirst } from "./newest-first";
import { appendTimeline } from "./timeline-rows";

const RECEIPT_FIELD = {
  delivered: "deliveredAt",
  read: "readAt",
  played: "playedAt",
} as const satisfies Record<ReceiptStatus, keyof MessageIntentProps>;

export class InMemoryMessageIntentRepository implements MessageIntentRepository {
  constructor(private readonly access: StoreAccess) {}

  insert(intent: MessageIntent): Promise<void> {
    return this.access((state) => {
      const props = intent.toProps();
      if (state.intents.has(props.id)) throw new Error(`duplicate key: message intent ${props.id}`);
      if (props.decidedByInstanceId !== null) requireInstance(state, props.decidedByInstanceId);
      state.intents.set(props.id, structuredClone(props));
    });
  }

  async insertMany(intents: readonly MessageIntent[]): Promise<void> {
    for (const intent of intents) await this.insert(intent);
  }

  // Units of work already run alone here, so a row lock would add nothing.
  findById(id: string, _options?: { forUpdate?: boolean }): Promise<MessageIntent | null> {
    return this.access((state) => {
      const props = state.intents.get(id);
      return props ? MessageIntent.fromProps(structuredClone(props)) : null;
    });
  }

  save(intent: MessageIntent): Promise<void> {
    return this.access((state) => {
      const props = intent.toProps();
      // Like an UPDATE: saving a row that does not exist changes nothing.
      if (!state.intents.has(props.id)) return;
      if (props.decidedByInstanceId !== null) requireInstance(state, props.decidedByInstanceId);
      state.intents.set(props.id, structuredClone(props));
    });
  }

  list(filter: IntentListFilter): Promise<Page<MessageIntent>> {
    return this.access((state) => {
      const rows = [...state.intents.values()].filter(
        (props) =>
          (!filter.organizationId || props.organizationId === filter.organizationId) &&
          (!filter.status || props.status === filter.status) &&
          (!filter.purpose || props.purpose === filter.purpose) &&
          isCreatedWithin(props, filter) &&
          (!filter.instanceId || props.decidedByInstanceId === filter.instanceId) &&
          matchesSearch(filter.search, [props.id], props.target.value),
      );
      const page = pageNewestFirst(rows, filter);
      return {
        items: page.items.map((props) => MessageIntent.fromProps(structuredClone(props))),
        nextCursor: page.nextCursor,
      };
    });
  }

  recordReceipt(
    intentId: string,
    status: ReceiptStatus,
    at: Date,
    event: MessageReceiptEvent,
  ): Promise<boolean> {
    return this.access((state) => {
      const props = state.intents.get(intentId);
      const field = RECEIPT_FIELD[status];
      if (!props || props[field] !== null) return false;
      state.intents.set(intentId, { ...props, [field]: at });
      appendTimeline(state, [event]);
      return true;
    });
  }
}
