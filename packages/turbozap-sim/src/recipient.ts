// Mirrors the gateway's validator.JID / validator.PhoneNumber, including its leniency
// (punctuation is stripped even inside an "@s.whatsapp.net" JID).

const USER_SUFFIX = "@s.whatsapp.net";
const GROUP_SUFFIX = "@g.us";

/** Strips non-digits; a phone number needs 10..15 digits (country code included). */
export function cleanPhoneNumber(raw: string): string | undefined {
  const digits = raw.replace(/[^0-9]/g, "");
  if (digits.length < 10 || digits.length > 15) return undefined;
  return digits;
}

/** Returns the JID the gateway would send to, or undefined for "Invalid recipient phone number". */
export function normalizeRecipient(to: string): string | undefined {
  if (to === "") return undefined;
  if (to.endsWith(USER_SUFFIX)) {
    const parts = to.split("@");
    if (parts.length !== 2) return undefined;
    const phone = cleanPhoneNumber(parts[0] ?? "");
    return phone === undefined ? undefined : phone + USER_SUFFIX;
  }
  if (to.endsWith(GROUP_SUFFIX)) return to;
  const phone = cleanPhoneNumber(to);
  return phone === undefined ? undefined : phone + USER_SUFFIX;
}
