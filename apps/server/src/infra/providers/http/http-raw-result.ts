/** A transport failure as plain data: safe to log and store (no headers, so no API key). */
export interface TransportError {
  code: string;
  message: string;
}

/**
 * What happened on the wire, before any business meaning is given to it:
 * - `response`: the gateway answered (any status); `body` is null when it was not what the gateway sends.
 * - `failed-before-send`: the request never fully left, so the gateway cannot have acted on it.
 * - `no-answer`: the request left but no complete answer came back, so the gateway may have acted on it.
 */
export type HttpRawResult<B> =
  | { kind: "response"; status: number; body: B | null }
  | { kind: "failed-before-send"; error: TransportError }
  | { kind: "no-answer"; reason: "timeout" | "reset"; error: TransportError };
