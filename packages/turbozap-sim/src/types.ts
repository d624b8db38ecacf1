// Public shapes of the simulator. Other packages code against these names, so changes here are breaking.

export interface SimFaults {
  /** Added before answering every send that reaches the WhatsApp step. */
  latencyMs: number;
  /** Uniform extra delay in 0..latencyJitterMs. */
  latencyJitterMs: number;
  /** 0..1: answer 500 "Failed to send ..." without recording a send. */
  error500Rate: number;
  /** 0..1: record the send, then never answer (the socket is held until the client gives up or close()). */
  hangRate: number;
  /** 0..1: record the send, then destroy the socket without answering. */
  resetAfterSendRate: number;
  /** 0..1: record the send and answer 403 with a success envelope and a message_id (the real quirk). */
  forbiddenButSentRate: number;
}

export type SimSendType = "text" | "media" | "audio" | "reaction";

export interface SimSend {
  /** 1, 2, 3... in the order sends were accepted. */
  seq: number;
  /** "3EB0" + 18 upper-case hex digits. */
  messageId: string;
  instance: string;
  /** Normalized JID, e.g. "5511999999999@s.whatsapp.net". */
  to: string;
  type: SimSendType;
  body: Record<string, unknown>;
  acceptedAt: Date;
}

export interface SimReceiptDelays {
  deliveredAfterMs: number;
  readAfterMs: number;
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
