import type { SendOutcome } from "../../application/ports/whatsapp-provider-port";
import type { HttpRawResult, TransportError } from "./http/http-raw-result";

// Builders every gateway's outcome mapping uses, so that codes and messages are shaped alike.

const MAX_MESSAGE_LENGTH = 200;

function shorten(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

export function retryable(code: string, message: string): SendOutcome {
  return { kind: "retryable", code, message: shorten(message) };
}

export function permanent(code: string, message: string): SendOutcome {
  return { kind: "permanent", code, message: shorten(message) };
}

export function unknown(code: string, message: string): SendOutcome {
  return { kind: "unknown", code, message: shorten(message) };
}

/**
 * The number cannot send now (socket closed, not paired, instance missing, credentials refused):
 * nothing left, and nothing is wrong with the message, so the number is held and no attempt spent.
 */
export function cannotSendNow(code: string, message: string): Extract<SendOutcome, { kind: "unavailable" }> {
  return { kind: "unavailable", code, message: shorten(message), scope: "instance" };
}

/**
 * The request never fully left: the gateway cannot have acted on it. No connection at all says
 * nothing about the number: the whole gateway is down, so every number of it waits.
 */
export function unreachable(error: TransportError): SendOutcome {
  return {
    kind: "unavailable",
    code: "NETWORK_ERROR",
    message: shorten(`gateway unreachable: ${error.message}`),
    scope: "gateway",
  };
}

/** The request left and no complete answer came: the message may have been sent. */
export function noAnswer(reason: "timeout" | "reset", error: TransportError): SendOutcome {
  const code = reason === "timeout" ? "TIMEOUT" : "CONNECTION_RESET";
  return unknown(code, `${error.message}; the message may have been sent`);
}

/**
 * What a status means when the gateway's own rules said nothing more precise. Auth failures hold
 * the number rather than fail: the request was refused before any send, and the cure is an operator
 * fixing the key or the instance's access, after which the very same job succeeds; failing it
 * would throw away every message queued while the key was wrong. Other 4xx (413 too large, 422...)
 * will not change on a repeat; 408 means the request was not read.
 */
export function fromOtherStatus(status: number, message: string): SendOutcome {
  if (status === 401 || status === 403) return cannotSendNow("PROVIDER_AUTH", message);
  if (status === 429) return retryable("RATE_LIMITED", message);
  if (status >= 400 && status < 500 && status !== 408) return permanent(`HTTP_${status}`, message);
  return retryable(`HTTP_${status}`, message);
}

/**
 * Every gateway's mapping past its own answers: a request that never left, or one whose answer
 * never came, means the same whichever gateway it was for.
 */
export function outcomeOf<B>(
  result: HttpRawResult<B>,
  fromResponse: (status: number, body: B | null) => SendOutcome,
): SendOutcome {
  switch (result.kind) {
    case "response":
      return fromResponse(result.status, result.body);
    case "failed-before-send":
      return unreachable(result.error);
    case "no-answer":
      return noAnswer(result.reason, result.error);
  }
}
