import type { PresenceOutcome } from "../../application/ports/whatsapp-provider-port";
import type { HttpRawResult } from "./http/http-raw-result";

/**
 * A presence call's answer for any gateway: `refusal` reads the gateway's own error text from an
 * answer, or null when the answer says the presence was set. Transport failures keep the codes
 * sends use, so that logs read alike.
 */
export function presenceOutcomeOf<B>(
  result: HttpRawResult<B>,
  refusal: (status: number, body: B | null) => string | null,
): PresenceOutcome {
  switch (result.kind) {
    case "response": {
      const reason = refusal(result.status, result.body);
      if (reason === null) return { kind: "shown" };
      return { kind: "failed", code: `HTTP_${result.status}`, message: reason };
    }
    case "failed-before-send":
      return { kind: "failed", code: "NETWORK_ERROR", message: result.error.message };
    case "no-answer":
      return {
        kind: "failed",
        code: result.reason === "timeout" ? "TIMEOUT" : "CONNECTION_RESET",
        message: result.error.message,
      };
  }
}
