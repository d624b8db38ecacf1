import type {
  GatewayEvent,
  GatewayEventKind,
  GatewayEventResolution,
  NewGatewayEvent,
} from "./gateway-event";

export interface GatewayEventRepository {
  /**
   * Keeps the event unless the same report (provider, instance, kind, message id, receipt status) is
   * already kept: the gateway repeats itself (retries, every receipt under two names).
   */
  store(event: NewGatewayEvent): Promise<void>;
  /** Pending events of one kind, oldest first. */
  listPending(kind: GatewayEventKind, limit: number): Promise<GatewayEvent[]>;
  /** Pending receipts whose message id a job now carries: the only ones worth another look. */
  listSettleableReceipts(limit: number): Promise<GatewayEvent[]>;
  /** Gives up on events pending since before `receivedBefore`: they become `unmatched`; returns how many. */
  expirePending(receivedBefore: Date, now: Date): Promise<number>;
  /** Settles a pending event; an event already settled stays as it is. */
  resolve(id: string, resolution: Exclude<GatewayEventResolution, "pending">, now: Date): Promise<void>;
  list(limit: number): Promise<GatewayEvent[]>;
}
