import type { SendOutcome } from "../../../application/ports/whatsapp-provider-port";
import { cannotSendNow, fromOtherStatus, outcomeOf, permanent, retryable, unknown } from "../send-outcomes";
import { answerMessageId, describeError, type EvolutionAnswer, errorMessage } from "./evolution-answer";
import type { EvolutionRawResult } from "./evolution-client";

/**
 * 400s thrown before the send's try-block: the payload is refused, nothing left. Any other 400 comes
 * from the try-block, which also wraps the database, S3 and OpenAI steps after the send (B:2265-2393),
 * so it may mean "sent".
 */
const PRE_SEND_400S: ReadonlySet<string> = new Set([
  "Text is required",
  "Owned media must be a url or base64",
  "For base64 the file name must be informed.",
  '"reaction" must be an emoji',
]);
/** The try-block's text when Baileys found the socket closed: the frame was never written. */
const SOCKET_CLOSED_400 = "Error: Connection Closed";
/** 500s of a closed socket or of an instance never connected or not loaded: before any send. */
const CONNECTION_CLOSED_500 = "Connection Closed";
const INSTANCE_NOT_LOADED_500 = /reading '(onWhatsApp|textMessage)'/;

function isNotOnWhatsApp(message: unknown): boolean {
  return Array.isArray(message) && message.some((item) => (item as { exists?: unknown })?.exists === false);
}

/** Schema errors come nested: [["instance requires property \"number\""]]. */
function isSchemaError(message: unknown): boolean {
  return Array.isArray(message) && message.length > 0 && message.every(Array.isArray);
}

function fromBadRequest(answer: EvolutionAnswer | null, text: string): SendOutcome {
  const message = errorMessage(answer);
  if (isNotOnWhatsApp(message)) return permanent("NOT_ON_WHATSAPP", text);
  if (isSchemaError(message)) return permanent("INVALID_PAYLOAD", text);
  const first = Array.isArray(message) && message.length === 1 ? message[0] : undefined;
  if (typeof first === "string" && PRE_SEND_400S.has(first)) return permanent("INVALID_PAYLOAD", first);
  if (first === SOCKET_CLOSED_400) return cannotSendNow("INSTANCE_NOT_CONNECTED", first);
  return unknown("FAILED_AFTER_SEND", `${text}; the gateway may have sent the message`);
}

function fromServerError(text: string): SendOutcome {
  if (text === CONNECTION_CLOSED_500) return cannotSendNow("INSTANCE_NOT_CONNECTED", text);
  if (INSTANCE_NOT_LOADED_500.test(text)) return cannotSendNow("INSTANCE_UNAVAILABLE", text);
  // Runtime errors outside the send's try-block (lookup timeouts, media TypeErrors): nothing left.
  return retryable("PROVIDER_SEND_FAILED", text);
}

function fromStatus(status: number, answer: EvolutionAnswer | null): SendOutcome {
  const text = describeError(status, answer);
  if (status === 400) return fromBadRequest(answer, text);
  // The guards answer 404 for an unknown instance before anything else.
  if (status === 404) return cannotSendNow("INSTANCE_NOT_FOUND", text);
  if (status === 500) return fromServerError(text);
  return fromOtherStatus(status, text);
}

function fromResponse(status: number, answer: EvolutionAnswer | null): SendOutcome {
  if (status >= 200 && status < 300) {
    // 201 PENDING: the frame is written, no server ack yet; receipts and ERROR updates follow by webhook.
    const messageId = answerMessageId(answer);
    if (messageId !== null) return { kind: "sent", messageId };
    return unknown("MISSING_MESSAGE_ID", `HTTP ${status} without key.id; the message may have been sent`);
  }
  return fromStatus(status, answer);
}

/** Maps what happened on the wire to the typed outcome of one Evolution send. Pure. */
export function toEvolutionOutcome(result: EvolutionRawResult): SendOutcome {
  return outcomeOf(result, fromResponse);
}
