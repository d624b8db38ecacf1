import type { MessageIntentProps } from "../../domain/intent/message-intent";
import type { MessageTarget } from "../../domain/intent/message-target";
import { recipientKey } from "../../domain/intent/recipient-key";
import type { SendOutcome, WhatsAppProviderPort } from "../ports/whatsapp-provider-port";

/** Maps an intent's payload to the provider command of its type; no rule, only translation. */
export function sendIntentThroughProvider(
  provider: WhatsAppProviderPort,
  instance: string,
  intent: MessageIntentProps,
  idempotencyKey: string,
): Promise<SendOutcome> {
  const to = recipientOf(intent.target);
  const options = { idempotencyKey };
  switch (intent.type) {
    case "TEXT":
      return provider.sendText(instance, to, intent.payload.text, options);
    case "MEDIA": {
      const { mediaUrl, mimeType, caption, fileName } = intent.payload;
      return provider.sendMedia(instance, to, mediaUrl, mimeType, caption, { ...options, fileName });
    }
    case "AUDIO":
      return provider.sendAudio(instance, to, intent.payload.audioUrl, {
        ...options,
        ptt: intent.payload.ptt,
      });
    case "REACTION":
      return provider.sendReaction(instance, to, intent.payload.messageRef, intent.payload.emoji, options);
  }
}

/** Gateways pass a group JID through untouched and normalize anything else as a phone number. */
function recipientOf(target: MessageTarget): string {
  return target.kind === "GROUP" ? recipientKey(target) : target.value;
}
