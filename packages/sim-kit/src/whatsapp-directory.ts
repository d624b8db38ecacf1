// The sim's stand-in for "is this number on WhatsApp": numbers ending in 0000 are not. Sends to them still
// succeed (the real quirk) but never get receipts; only contact/check tells.
const NOT_ON_WHATSAPP_SUFFIX = "0000";

export function isOnWhatsApp(jidOrDigits: string): boolean {
  if (jidOrDigits.endsWith("@g.us")) return true;
  return !jidUser(jidOrDigits).endsWith(NOT_ON_WHATSAPP_SUFFIX);
}

/** The user part of a JID ("5511…@s.whatsapp.net" → "5511…"), or the input when it has no "@". */
export function jidUser(jid: string): string {
  const at = jid.indexOf("@");
  return at === -1 ? jid : jid.slice(0, at);
}
