/**
 * The typed answer of one send. Adapters map every gateway answer to exactly one of these and
 * never throw for an answer:
 * - `sent`: the gateway took it; `messageId` is the provider's id.
 * - `retryable`: it certainly did not go out and may succeed later (5xx, refused connection, 429, instance down).
 * - `permanent`: it will never succeed as is (invalid recipient or payload).
 * - `unknown`: the request may have gone out but no answer came (timeout or reset after sending).
 */
export type SendOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "retryable"; code: string; message: string }
  | { kind: "permanent"; code: string; message: string }
  | { kind: "unknown"; code: string; message: string };

export interface SendOptions {
  /** Deterministic per job: providers that accept a caller id use it so a repeat cannot duplicate. */
  idempotencyKey: string;
}

/** `instance` is the gateway's own name for the WhatsApp number. */
export interface WhatsAppProviderPort {
  readonly name: string;
  /** True when a repeated request with the same idempotency key cannot send twice. */
  readonly supportsIdempotencyKey: boolean;
  sendText(instance: string, to: string, text: string, options: SendOptions): Promise<SendOutcome>;
  sendMedia(
    instance: string,
    to: string,
    url: string,
    mimeType: string,
    caption: string | undefined,
    options: SendOptions & { fileName?: string | undefined },
  ): Promise<SendOutcome>;
  sendAudio(
    instance: string,
    to: string,
    url: string,
    options: SendOptions & { ptt?: boolean | undefined },
  ): Promise<SendOutcome>;
  sendReaction(
    instance: string,
    to: string,
    messageRef: string,
    emoji: string,
    options: SendOptions,
  ): Promise<SendOutcome>;
}
