import type { JobEventSource } from "../job/job-event-base";
import type { MessageReceiptEvent } from "../timeline/domain-event";
import type {
  GatewayEvent,
  GatewayEventKind,
  GatewayEventResolution,
  NewGatewayEvent,
} from "./gateway-event";

/** Which stored receipts a batch takes: fresh from the inbox, or kept ones whose message id a job now carries. */
export type ReceiptSource = "received" | "pending";

export interface AppliedReceipts {
  /** Receipts the batch took (recorded, found already recorded, or left pending). */
  taken: number;
  /** The timeline events written, in their timeline order. */
  events: MessageReceiptEvent[];
  /** UNCONFIRMED jobs a receipt names by the id we chose: proof their attempt went out. */
  unconfirmed: UnconfirmedReceipt[];
}

/** An UNCONFIRMED job (its identity and attempt) and the receipt's message id that settles it. */
export interface UnconfirmedReceipt extends JobEventSource {
  attempts: number;
  messageId: string;
  /** The provider whose webhook brought the receipt. */
  reportedBy: string;
}

export interface GatewayEventRepository {
  /**
   * Keeps the event unless the same report (provider, instance, kind, message id, receipt status) is
   * already kept: the gateway repeats itself (retries, every receipt under two names).
   */
  store(event: NewGatewayEvent): Promise<void>;
  /** Pending events of one kind, oldest first. */
  listPending(kind: GatewayEventKind, limit: number): Promise<GatewayEvent[]>;
  /**
   * Stores receipts in the inbox (`received`) at once and wakes the appliers; per receipt, false when
   * the same report is already stored (or comes earlier among these).
   */
  receive(receipts: readonly NewGatewayEvent[]): Promise<boolean[]>;
  /**
   * Applies up to `limit` stored receipts of `source` at once: each status recorded once per intent
   * with its timeline event; one whose message id no job carries yet stays (or becomes) `pending`.
   */
  applyReceipts(source: ReceiptSource, limit: number, now: Date): Promise<AppliedReceipts>;
  /** Gives up on events pending since before `receivedBefore`: they become `unmatched`; returns how many. */
  expirePending(receivedBefore: Date, now: Date): Promise<number>;
  /** Settles a pending event; an event already settled stays as it is. */
  resolve(id: string, resolution: Exclude<GatewayEventResolution, "pending">, now: Date): Promise<void>;
  list(limit: number): Promise<GatewayEvent[]>;
}
