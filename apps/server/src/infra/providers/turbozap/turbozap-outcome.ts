import type { SendOutcome } from "../../../application/ports/whatsapp-provider-port";
import { cannotSendNow, fromOtherStatus, outcomeOf, permanent, retryable, unknown } from "../send-outcomes";
import { envelopeErrorMessage, envelopeMessageId, type TurboZapEnvelope } from "./turbozap-envelope";
import type { TurboZapRawResult } from "./turbozap-raw-result";

/** 400 messages of the gateway that are not about the payload itself. */
const INVALID_RECIPIENT = "Invalid recipient phone number";
const NOT_CONNECTED = "Instance is not connected to WhatsApp";
/** Permanent 400s with a code more precise than INVALID_PAYLOAD. */
const PERMANENT_400_CODES: Readonly<Record<string, string>> = {
  "Invalid base64 data": "INVALID_BASE64",
  "Failed to download media from URL": "MEDIA_DOWNLOAD_FAILED",
};

function describe(status: number, body: TurboZapEnvelope | null): string {
  return envelopeErrorMessage(body) ?? `HTTP ${status}`;
}

function fromBadRequest(message: string): SendOutcome {
  if (message === INVALID_RECIPIENT) return permanent("INVALID_RECIPIENT", message);
  // The number's socket is down: an operator or the gateway reconnects it, then the same send works.
  if (message === NOT_CONNECTED) return cannotSendNow("INSTANCE_NOT_CONNECTED", message);
  // A media URL that fails to download is taken as the caller's fault: repeating would fail the same way.
  return permanent(PERMANENT_400_CODES[message] ?? "INVALID_PAYLOAD", message);
}

function fromServerError(message: string): SendOutcome {
  // The gateway's caught nil-pointer panic: unknown or not-connected instance behind an otherwise valid body.
  if (message.includes("nil pointer")) {
    return cannotSendNow("INSTANCE_UNAVAILABLE", "instance missing or not connected on the gateway");
  }
  // Known risk: the gateway also answers this 500 after whatsmeow's ~75 s server-ack timeout, when the
  // message may in fact have gone out. We still retry, since the far more common cause (not logged in,
  // socket failure) did not send; our own timeout, well below 75 s, usually turns that case into `unknown`.
  return retryable("PROVIDER_SEND_FAILED", message);
}

function fromStatus(status: number, body: TurboZapEnvelope | null): SendOutcome {
  const message = describe(status, body);
  if (status === 400) return fromBadRequest(message);
  if (status === 404) return cannotSendNow("INSTANCE_NOT_FOUND", message);
  if (status === 500) return fromServerError(message);
  return fromOtherStatus(status, message);
}

/**
 * A 2xx, or the gateway's 403 that is written after the send went out, without a readable envelope:
 * the gateway may well have sent, so it must not be repeated blindly.
 */
function isAmbiguousWithoutEnvelope(status: number): boolean {
  return (status >= 200 && status < 300) || status === 403;
}

function fromResponse(status: number, body: TurboZapEnvelope | null): SendOutcome {
  // The envelope decides, not the status: TurboZap answers 403 for some sends that did happen.
  const messageId = body?.success ? envelopeMessageId(body) : null;
  if (messageId) return { kind: "sent", messageId };
  if (body?.success) return unknown("MISSING_MESSAGE_ID", "gateway reported success without a message id");
  if (!body && isAmbiguousWithoutEnvelope(status)) {
    return unknown(
      "UNREADABLE_RESPONSE",
      `HTTP ${status} with an unreadable body; the message may have been sent`,
    );
  }
  return fromStatus(status, body);
}

/** Maps what happened on the wire to the typed outcome of one send. Pure. */
export function toSendOutcome(result: TurboZapRawResult): SendOutcome {
  return outcomeOf(result, fromResponse);
}
