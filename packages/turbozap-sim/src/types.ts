// Public shapes of the simulator. Other packages code against these names, so changes here are breaking.

import type {
  CommonFaults,
  LoggedCheck,
  LoggedPresence,
  LoggedSend,
  SimReceiptDelays,
} from "@whatlead/sim-kit";

export type { LoggedPresence, SimReceiptDelays };

/** error500Rate answers 500 "Failed to send ..." here. */
export interface SimFaults extends CommonFaults {
  /** 0..1: record the send and answer 403 with a success envelope and a message_id (the real quirk). */
  forbiddenButSentRate: number;
}

export type SimSendType = "text" | "media" | "audio" | "reaction";

export interface SimSend extends LoggedSend {
  /** "3EB0" + 18 upper-case hex digits. */
  messageId: string;
  instance: string;
  /** Normalized JID, e.g. "5511999999999@s.whatsapp.net". */
  to: string;
  type: SimSendType;
  body: Record<string, unknown>;
}

export interface SimOptions {
  /** Global admin key, default "sim-admin-key". */
  apiKey?: string;
  /** Default 0 (random port). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default true: connect pairs at once; when false, connect leaves the instance in "qrcode" until pair(). */
  autoConnect?: boolean;
  /** Default {deliveredAfterMs: 50, readAfterMs: 150}; false = no receipt webhooks. */
  receipts?: SimReceiptDelays | false;
  faults?: Partial<SimFaults>;
  /** Unit of the webhook retry backoff (attempt² × this), default 1000 like the gateway; lower it in tests. */
  webhookBackoffScaleMs?: number;
}

export interface SimInstanceInfo {
  id: string;
  name: string;
  apiKey: string;
}

export interface TurboZapSim {
  url: string;
  apiKey: string;
  /** Every accepted send (one that "happened" on WhatsApp), in order. */
  sends: SimSend[];
  /** Every presence set (composing, recording, paused by clear), in order, with its time. */
  presences: LoggedPresence[];
  /** Every recipient-check call, in order (numbers ending 0000 are not on WhatsApp). */
  checks: LoggedCheck[];
  setFaults(f: Partial<SimFaults>): void;
  resetFaults(): void;
  createInstance(name: string, opts?: { connected?: boolean }): SimInstanceInfo;
  setConnected(name: string, connected: boolean): void;
  pair(name: string): void;
  maxInFlightByInstance(): Record<string, number>;
  inFlight(): number;
  clear(): void;
  close(): Promise<void>;
}
