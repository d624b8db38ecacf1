import type { TurboZapEnvelope } from "./turbozap-envelope";

/** A transport failure as plain data: safe to log and store (no headers, so no API key). */
export interface TurboZapTransportError {
  code: string;
  message: string;
}

/**
 * What happened on the wire, before any business meaning is given to it:
 * - `response`: the gateway answered (any status); `body` is null when it was not an envelope.
 * - `failed-before-send`: the request never fully left, so the gateway cannot have acted on it.
 * - `no-answer`: the request left but no complete answer came back, so the gateway may have acted on it.
 */
export type TurboZapRawResult =
  | { kind: "response"; status: number; body: TurboZapEnvelope | null }
  | { kind: "failed-before-send"; error: TurboZapTransportError }
  | { kind: "no-answer"; reason: "timeout" | "reset"; error: TurboZapTransportError };
