import type { RecipientCheckOutcome, SendOutcome } from "../../application/ports/whatsapp-provider-port";
import type { HttpRawResult } from "./http/http-raw-result";

/**
 * A recipient check's answer for any gateway: `found` reads the gateway's verdict for the one number
 * asked (null when the answer holds none), and `asSend` maps any other answer as that gateway maps a
 * send's, so a closed socket or a missing instance holds the number as it would for a send. What
 * would have been a sent, unknown or permanent send is only a check that did not tell: tried again.
 */
export function checkOutcomeOf<B>(
  result: HttpRawResult<B>,
  found: (status: number, body: B | null) => boolean | null,
  asSend: (result: HttpRawResult<B>) => SendOutcome,
): RecipientCheckOutcome {
  const onWhatsApp = result.kind === "response" ? found(result.status, result.body) : null;
  if (onWhatsApp !== null) return { kind: "checked", onWhatsApp };
  const outcome = asSend(result);
  if (outcome.kind === "unavailable" || outcome.kind === "retryable") return outcome;
  const { code, message } =
    outcome.kind === "sent" ? { code: "UNREADABLE_CHECK", message: "no verdict in the answer" } : outcome;
  return { kind: "retryable", code, message: `recipient check: ${message}` };
}
