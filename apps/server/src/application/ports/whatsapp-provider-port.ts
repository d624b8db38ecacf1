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

/** How a presence call went. A failure is reported, never a reason to hold back the send. */
export type PresenceOutcome = { kind: "shown" } | { kind: "failed"; code: string; message: string };

export interface SendOptions {
  /** Deterministic per job: providers that accept a caller id use it so a repeat cannot duplicate. */
  idempotencyKey: string;
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
   * Optional capability: shows "typing…" (or "recording…") to `recipient` for about
   * `plan.durationMs`. Resolves with the gateway's answer, which may come at once or only once the
   * time is over (Evolution holds the request); never throws for an answer.
   */
  showPresence?(instance: string, recipient: string, plan: TypingPlan): Promise<PresenceOutcome>;
}
