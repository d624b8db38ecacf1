// Public shapes of the wuzapi simulator.

import type {
  CommonFaults,
  LoggedCheck,
  LoggedPresence,
  LoggedSend,
  SimReceiptDelays,
} from "@whatlead/sim-kit";

/** error500Rate answers 500 "Error sending message: server returned error 479" here, nothing sent. */
export interface WuzapiSimFaults extends CommonFaults {
  /** 0..1: the message is delivered, but the server ack never comes: after ackTimeoutMs, a 500. */
  ackTimeoutRate: number;
  /** 0..1: receipts name the chat by an @lid JID instead of the phone JID. */
  lidReceiptRate: number;
}

export type WuzapiSendType = "text" | "image" | "document" | "video" | "audio" | "reaction";

export interface WuzapiSimSend extends LoggedSend {
  /** The WhatsApp id: the caller's `Id` verbatim, or one the gateway made. */
  messageId: string;
  /** The user's name (wuzapi knows users by token; the name is for people). */
  instance: string;
  /** "5511999999999@s.whatsapp.net" */
  to: string;
  type: WuzapiSendType;
  body: Record<string, unknown>;
}

export interface WuzapiSimOptions {
  /** WUZAPI_ADMIN_TOKEN, default "sim-wuzapi-admin"; "" = no admin token (a missing header passes). */
  adminToken?: string;
  port?: number;
  host?: string;
  /** Default true: /session/connect pairs at once; when false the user stays unpaired until pair(). */
  autoConnect?: boolean;
  /** Default {deliveredAfterMs: 50, readAfterMs: 150}; false = no receipt webhooks. */
  receipts?: SimReceiptDelays | false;
  faults?: Partial<WuzapiSimFaults>;
  /** Receipts of one chat falling due within this window come as one event, default 20. */
  receiptBatchWindowMs?: number;
  /** How long whatsmeow waits for the server ack before a 500, default 75000. */
  ackTimeoutMs?: number;
  /** The HTTP server's WriteTimeout: a send still unanswered then loses its connection, default 120000. */
  writeTimeoutMs?: number;
  /** How long /session/connect without Immediate blocks, default 10000. */
  connectWaitMs?: number;
}

export interface WuzapiSimInstanceInfo {
  id: number;
  name: string;
  /** The user token: header `token` on every user call, and the only instance marker in webhooks. */
  token: string;
}

export interface WuzapiSim {
  url: string;
  adminToken: string;
  /** Every send that reached WhatsApp, in order (whatever the HTTP answer said). */
  sends: WuzapiSimSend[];
  /** Every presence set, in order, with its time. */
  presences: LoggedPresence[];
  /** Every recipient-check call, in order (numbers ending 0000 are not on WhatsApp). */
  checks: LoggedCheck[];
  setFaults(f: Partial<WuzapiSimFaults>): void;
  resetFaults(): void;
  /** A user with a connected, paired client subscribed to every event (unless connected: false). */
  createInstance(name: string, opts?: { connected?: boolean }): WuzapiSimInstanceInfo;
  /** The websocket drops or comes back; the client stays (no webhook: wuzapi reports no connection events). */
  setConnected(name: string, connected: boolean): void;
  pair(name: string): void;
  maxInFlightByInstance(): Record<string, number>;
  inFlight(): number;
  clear(): void;
  close(): Promise<void>;
}
