import { createHash } from "node:crypto";

/**
 * Our own WhatsApp message id for a wuzapi send: "3EB0" + 18 upper-case hex digits, as WhatsApp Web
 * makes them, derived from the attempt's key (job and attempt) so that the id is known, and can be
 * stored, before the request leaves, and a receipt for it names the attempt without any other match.
 */
export function wuzapiMessageId(attemptKey: string): string {
  const digest = createHash("sha256").update(attemptKey).digest("hex");
  return `3EB0${digest.slice(0, 18).toUpperCase()}`;
}
