import type { SendOutcome } from "../../../application/ports/whatsapp-provider-port";
import { cannotSendNow, fromOtherStatus, outcomeOf, permanent, retryable, unknown } from "../send-outcomes";
import type { WuzapiRawResult } from "./wuzapi-client";
import { dataField, type WuzapiEnvelope } from "./wuzapi-envelope";

const NO_SESSION = "No session";
/** whatsmeow's error as a send or a recipient check wraps it. */
const WHATSMEOW_FAILED = /^(Error sending message|Failed to check if users are on WhatsApp): /;

/** whatsmeow's refusals, by the text after WHATSMEOW_FAILED. */
const SEND_FAILURES: ReadonlyArray<[pattern: RegExp, outcome: (text: string) => SendOutcome]> = [
  [/websocket not connected/, (text) => cannotSendNow("INSTANCE_NOT_CONNECTED", text)],
  [/doesn't contain a device JID/, (text) => cannotSendNow("INSTANCE_NOT_PAIRED", text)],
  // The server ack did not come within whatsmeow's 75 s: the message may have been delivered.
  [/timed out waiting for message send response/, (text) => unknown("ACK_TIMEOUT", text)],
  [/unknown server lid/, (text) => permanent("INVALID_RECIPIENT", text)],
];

function fromServerError(text: string): SendOutcome {
  // No whatsmeow client at all (never connected, disconnected, logged out): checked before anything else.
  if (text === NO_SESSION) return cannotSendNow("INSTANCE_NOT_CONNECTED", text);
  if (WHATSMEOW_FAILED.test(text)) {
    const match = SEND_FAILURES.find(([pattern]) => pattern.test(text));
    return match === undefined ? retryable("PROVIDER_SEND_FAILED", text) : match[1](text);
  }
  // Upload failures and the like: before the message was handed to WhatsApp.
  return retryable("PROVIDER_SEND_FAILED", text);
}

function fromStatus(status: number, envelope: WuzapiEnvelope | null): SendOutcome {
  const text = envelope?.error ?? `HTTP ${status}`;
  // Every 400 is a body check before the send.
  if (status === 400) {
    return permanent(text.startsWith("Could not parse") ? "INVALID_RECIPIENT" : "INVALID_PAYLOAD", text);
  }
  if (status === 500) return fromServerError(text);
  // An unknown token is a 401: refused before any send, like a wrong key.
  return fromOtherStatus(status, text);
}

function fromResponse(status: number, envelope: WuzapiEnvelope | null): SendOutcome {
  if (status >= 200 && status < 300) {
    // Answered only after the server ack: the id is the WhatsApp id (ours, when we gave one).
    const id = dataField(envelope, "Id");
    if (envelope?.success === true && typeof id === "string" && id !== "")
      return { kind: "sent", messageId: id };
    return unknown("MISSING_MESSAGE_ID", `HTTP ${status} without an Id; the message may have been sent`);
  }
  return fromStatus(status, envelope);
}

/**
 * Maps what happened on the wire to the typed outcome of one wuzapi send. Pure. A dropped connection
 * is unknown: a panic input drops it before sending, the 120 s write timeout after a send that happened,
 * and the two look alike (with our own id, a receipt settles it).
 */
export function toWuzapiOutcome(result: WuzapiRawResult): SendOutcome {
  return outcomeOf(result, fromResponse);
}
