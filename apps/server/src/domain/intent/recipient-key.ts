import type { MessageTarget } from "./message-target";

/**
 * The recipient as the gateway will see it, so that two spellings of one number are one lead:
 * a phone's digits, a group's JID. Per-recipient ordering compares these keys.
 */
export function recipientKey(target: MessageTarget): string {
  if (target.kind === "GROUP") return target.value.endsWith("@g.us") ? target.value : `${target.value}@g.us`;
  return target.value.replace(/\D/g, "");
}

/** What a gateway call names: gateways pass a group JID through untouched and normalize anything else as a phone number. */
export function gatewayRecipient(target: MessageTarget): string {
  return target.kind === "GROUP" ? recipientKey(target) : target.value;
}
