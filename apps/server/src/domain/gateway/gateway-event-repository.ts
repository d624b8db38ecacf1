import type { JobEventSource } from "../job/job-event-base";
import type { MessageReceiptEvent } from "../timeline/domain-event";
import type { GatewayEvent, GatewayEventResolution, NewGatewayEvent } from "./gateway-event";

/** Which stored reports a batch takes: fresh from the inbox, or kept ones to look at again. */
export type ReportSource = "received" | "pending";

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

export interface TakenSendReports {
  /** Send reports the batch took. */
  taken: number;
  /** Those whose message id no job carries: now `pending`, for a per-report look. */
  unknown: GatewayEvent[];
}

export interface GatewayEventRepository {
  /**
   * Stores reports (receipts, send reports) in the inbox (`received`) at once; per report, false
   * when the same report is already stored (or comes earlier among these).
   */
  receive(reports: readonly NewGatewayEvent[]): Promise<boolean[]>;
  /**
   * Applies up to `limit` stored receipts of `source` at once: each status recorded once per intent
   * with its timeline event; one whose message id no job carries yet stays (or becomes) `pending`.
   */
  applyReceipts(source: ReportSource, limit: number, now: Date): Promise<AppliedReceipts>;
  /**
   * Takes up to `limit` stored send reports of `source` at once: those whose message id a job
   * carries are settled; the others are returned (and kept `pending`).
   */
  takeSendReports(source: ReportSource, limit: number, now: Date): Promise<TakenSendReports>;
  /** Gives up on events pending since before `receivedBefore`: they become `unmatched`; returns how many. */
  expirePending(receivedBefore: Date, now: Date): Promise<number>;
  /** Settles a pending event; an event already settled stays as it is. */
  resolve(id: string, resolution: Exclude<GatewayEventResolution, "pending">, now: Date): Promise<void>;
  list(limit: number): Promise<GatewayEvent[]>;
}
