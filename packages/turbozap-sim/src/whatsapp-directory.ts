import { jidUser } from "./recipient";

// The sim's stand-in for "is this number on WhatsApp": numbers ending in 0000 are not. Sends to them still
// succeed (the real quirk) but never get receipts; only contact/check tells.
const NOT_ON_WHATSAPP_SUFFIX = "0000";

export function isOnWhatsApp(jidOrDigits: string): boolean {
  if (jidOrDigits.endsWith("@g.us")) return true;
  return !jidUser(jidOrDigits).endsWith(NOT_ON_WHATSAPP_SUFFIX);
}
