/**
 * The typed answer of one send. Adapters map every gateway answer to exactly one of these and
 * never throw for an answer:
 * - `sent`: the gateway took it; `messageId` is the provider's id.
 * - `unavailable`: it certainly did not go out because the number (`scope: "instance"`: not connected,
 *   missing, logged out, refused credentials) or the whole gateway (`scope: "gateway"`: unreachable)
 *   cannot send now; nothing about this message is wrong, so it waits for the hold to lift.
 * - `retryable`: it certainly did not go out and may succeed later (5xx, 429).
 * - `permanent`: it will never succeed as is (invalid recipient or payload).
 * - `unknown`: the request may have gone out but no answer came (timeout or reset after sending).
 */
export type SendOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "unavailable"; code: string; message: string; scope: HoldScope }
  | { kind: "retryable"; code: string; message: string }
  | { kind: "permanent"; code: string; message: string }
  | { kind: "unknown"; code: string; message: string };

import type { HoldScope } from "../../domain/instance/hold-scope";
import type { MessageContent } from "../../domain/intent/message-payload";
import type { TypingPlan } from "../../domain/intent/typing-plan";

/**
 * What a recipient check found. It sends nothing, so a failed check is never `unknown` nor
 * `permanent`: it either waits for the number or gateway (`unavailable`) or is tried again later
 * (`retryable`), like a send that certainly did not go out.
 */
export type RecipientCheckOutcome =
  | { kind: "checked"; onWhatsApp: boolean }
  | Extract<SendOutcome, { kind: "unavailable" | "retryable" }>;

/** How a presence call went. A failure is reported, never a reason to hold back the send. */
export type PresenceOutcome = { kind: "shown" } | { kind: "failed"; code: string; message: string };

export interface SendOptions {
  /** Deterministic per job: providers that accept a caller id use it so a repeat cannot duplicate. */
  idempotencyKey: string;
  /** The attempt's own WhatsApp message id, given to providers that take one (see `messageIdFor`). */
  messageId?: string;
}

/** What a provider can do beyond sending, declared once by its adapter. */
export interface ProviderCapabilities {
  /** A repeated request with the same idempotency key cannot send twice. */
  idempotencyKey: boolean;
}

/** `instance` is the gateway's own name for the WhatsApp number. */
export interface WhatsAppProviderPort {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /** `recipient`: a phone number as given, or a group JID. */
  send(
    instance: string,
    recipient: string,
    content: MessageContent,
    options: SendOptions,
  ): Promise<SendOutcome>;
  /**
   * Providers that let the caller choose the WhatsApp message id: the id this attempt sends (none for
   * content that cannot carry one), derived from `attemptKey` alone, so that it can be stored before
   * the request leaves and a receipt for it names the attempt without any other match.
   */
  messageIdFor?(attemptKey: string, content: MessageContent): string | undefined;
  /**
   * Optional capability: shows "typing…" (or "recording…") to `recipient` for about
   * `plan.durationMs`. Resolves with the gateway's answer, which may come at once or only once the
   * time is over (Evolution holds the request); never throws for an answer.
   */
  showPresence?(instance: string, recipient: string, plan: TypingPlan): Promise<PresenceOutcome>;
  /**
   * Optional capability: asks the gateway whether `phone` (digits) has a WhatsApp account. One number
   * per call: checks are paced like sends, never in bulk. Never throws for an answer.
   */
  checkRecipient?(instance: string, phone: string): Promise<RecipientCheckOutcome>;
}
