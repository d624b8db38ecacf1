// The gateway's createJid (src/utils/createJid.ts): JIDs pass, anything else is reduced to digits;
// 18+ digits are a group; Mexican and Argentine 13-digit mobiles lose their 3rd digit; Brazilian
// mobiles of DDD 31 and above lose the 9 (WhatsApp knows them by the old 8-digit number).

const JID_SUFFIXES = ["@g.us", "@s.whatsapp.net", "@lid", "@broadcast"];

function resolvePhone(digits: string): string {
  if (digits.length === 13 && (digits.startsWith("52") || digits.startsWith("54"))) {
    return digits.slice(0, 2) + digits.slice(3);
  }
  if (
    digits.length === 13 &&
    digits.startsWith("55") &&
    Number(digits.slice(2, 4)) >= 31 &&
    digits[4] === "9"
  ) {
    return digits.slice(0, 4) + digits.slice(5);
  }
  return digits;
}

/** The JID the gateway sends to for a `number` field. */
export function createJid(number: string): string {
  if (JID_SUFFIXES.some((suffix) => number.endsWith(suffix))) return number;
  const digits = number.replace(/\D/g, "");
  if (digits.length >= 18) return `${digits}@g.us`;
  return `${resolvePhone(digits)}@s.whatsapp.net`;
}

export function isGroupJid(jid: string): boolean {
  return jid.endsWith("@g.us");
}
