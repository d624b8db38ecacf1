// Public shapes of the Evolution API v2 simulator.

import type {
  CommonFaults,
  LoggedCheck,
  LoggedPresence,
  LoggedSend,
  SimReceiptDelays,
} from "@whatlead/sim-kit";

/** error500Rate answers 500 "Connection Closed" here (the socket dropped before the send). */
export interface EvolutionSimFaults extends CommonFaults {
  /** 0..1: the message leaves, then a later step of the gateway fails: 400 ["[object Object]"]. */
  rejectAfterSendRate: number;
  /** 0..1: 201 PENDING, then the server refuses it: MESSAGES_UPDATE ERROR instead of receipts. */
  lateErrorRate: number;
  /** 0..1: receipts name the recipient by an @lid JID instead of the phone JID. */
  lidReceiptRate: number;
  /** 0..1: a webhook is posted twice, as the gateway does when a 2xx came too slowly. */
  webhookDuplicateRate: number;
}

export type EvolutionSendType = "text" | "media" | "audio" | "reaction";

export interface EvolutionSimSend extends LoggedSend {
  /** key.id: "3EB0" + 18 upper-case hex digits. */
  messageId: string;
  instance: string;
  /** key.remoteJid: the JID WhatsApp resolved, which may differ from the number asked for. */
  to: string;
  type: EvolutionSendType;
  body: Record<string, unknown>;
}

export interface EvolutionSimOptions {
  /** Global key (AUTHENTICATION_API_KEY), default "sim-evolution-key". */
  apiKey?: string;
  port?: number;
  host?: string;
  /** Default true: connecting pairs at once; when false the instance shows a QR until pair(). */
  autoConnect?: boolean;
  /** Default {deliveredAfterMs: 50, readAfterMs: 150}; false = no receipt webhooks. */
  receipts?: SimReceiptDelays | false;
  faults?: Partial<EvolutionSimFaults>;
  /** Unit of the webhook retry backoff (unit·2ⁿ ±20 %), default 5000 like the gateway. */
  webhookBackoffScaleMs?: number;
  /** Per-try webhook timeout, default 30000 like the gateway. */
  webhookTimeoutMs?: number;
}

export interface EvolutionSimInstanceInfo {
  id: string;
  name: string;
  /** The instance's `hash`: an apikey valid on its own paths only. */
  apiKey: string;
}

export interface EvolutionSim {
  url: string;
  apiKey: string;
  /** Every send that left for WhatsApp, in order (whatever the HTTP answer said). */
  sends: EvolutionSimSend[];
  /** Every presence set, in order, with its time. */
  presences: LoggedPresence[];
  /** Every recipient-check call, in order (numbers ending 0000 are not on WhatsApp). */
  checks: LoggedCheck[];
  setFaults(f: Partial<EvolutionSimFaults>): void;
  resetFaults(): void;
  createInstance(name: string, opts?: { connected?: boolean }): EvolutionSimInstanceInfo;
  /** A drop reconnects silently (CONNECTION_UPDATE "connecting", never "close"). */
  setConnected(name: string, connected: boolean): void;
  pair(name: string): void;
  /** The phone unlinked the device: state "close", statusReason 401. */
  logout(name: string): void;
  maxInFlightByInstance(): Record<string, number>;
  inFlight(): number;
  clear(): void;
  close(): Promise<void>;
}
