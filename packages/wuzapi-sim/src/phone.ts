// parseJID (W:105-122): one leading "+" dropped; without "@" the phone becomes a user JID with no digit
// check; with "@" it must parse as a JID.

export function parsePhone(phone: string): string | undefined {
  const value = phone.startsWith("+") ? phone.slice(1) : phone;
  if (!value.includes("@")) return `${value}@s.whatsapp.net`;
  const [user, server, extra] = value.split("@");
  if (extra !== undefined || server === undefined || server === "" || user === undefined) return undefined;
  return value;
}
