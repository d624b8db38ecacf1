import type { ReceiptStatus } from "../intent/delivery-receipt";

/**
 * A gateway report, kept so that nothing the gateway told us is lost: every receipt as it arrives
 * (the inbox the receipt applier works off in batches), and a `send.message` we could not settle
 * when it arrived (it matched no attempt, several, or one still waiting for its worker's answer).
 */
export type GatewayEventKind = "send" | "receipt";

/**
 * `received`: a receipt just stored, not yet looked at (the applier's inbox);
 * `pending`: to be looked at again (a later job or worker answer may settle it); the other values are
 * final: `settled` (applied later, or found already known), `unmatched` (no attempt fits, or it stayed
 * pending too long), `ambiguous` (several attempts fit; we do not guess).
 */
export const GATEWAY_EVENT_RESOLUTIONS = [
  "received",
  "pending",
  "settled",
  "unmatched",
  "ambiguous",
] as const;
export type GatewayEventResolution = (typeof GATEWAY_EVENT_RESOLUTIONS)[number];

export interface GatewayEvent {
  id: string;
  provider: string;
  /** The gateway's name of the instance. */
  instanceName: string;
  kind: GatewayEventKind;
  messageId: string;
  /** Receipts only. */
  receiptStatus: ReceiptStatus | null;
  /** When the gateway says it happened. */
  occurredAt: Date;
  receivedAt: Date;
  resolution: GatewayEventResolution;
  resolvedAt: Date | null;
  /** The gateway's `data` as received, for the operator and for settling it later. */
  payload: Record<string, unknown>;
}

export type NewGatewayEvent = Omit<GatewayEvent, "id" | "resolvedAt">;
