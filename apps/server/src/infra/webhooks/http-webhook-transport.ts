import type { Clock } from "../../application/ports/clock";
import type { WebhookAnswer, WebhookTransport } from "../../application/ports/webhook-transport";
import type { ClaimedWebhookDelivery } from "../../domain/webhook/webhook-delivery";
import { timelineEventEnvelope } from "../events/timeline-event-envelope";
import { pinnedRequest } from "./pinned-request";
import { readAtMost } from "./read-at-most";
import { signStandardWebhook, signWebhook } from "./webhook-signature";
import { type WebhookTargetGuard, WebhookTargetRefused } from "./webhook-target-guard";

/** The part of a receiver's answer kept in the log: enough to debug, never a whole page. */
const MAX_ERROR_BODY = 200;

/**
 * POSTs deliveries: JSON body, signed, bounded by a timeout, redirects not followed, only to the
 * address the guard checked, reading at most a few hundred bytes of any answer.
 */
export class HttpWebhookTransport implements WebhookTransport {
  constructor(
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly guard: WebhookTargetGuard,
  ) {}

  async post(delivery: ClaimedWebhookDelivery): Promise<WebhookAnswer> {
    const body = JSON.stringify(timelineEventEnvelope(delivery.timelineEventId, delivery.event));
    const unixSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const secrets = delivery.previousSecret ? [delivery.secret, delivery.previousSecret] : [delivery.secret];
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const url = new URL(delivery.url);
      const target = await this.guard.resolve(url);
      const headers = {
        "content-type": "application/json",
        "user-agent": "WhatLead-Webhooks/1",
        "x-whatlead-event": delivery.eventType,
        "x-whatlead-delivery": delivery.id,
        "x-whatlead-signature": signWebhook(secrets, body, unixSeconds),
        "webhook-id": delivery.id,
        "webhook-timestamp": String(unixSeconds),
        "webhook-signature": signStandardWebhook(secrets, delivery.id, unixSeconds, body),
      };
      const response = await pinnedRequest(url, target, { method: "POST", headers, signal, body });
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        response.destroy();
        return { statusCode: status, error: null };
      }
      const text = (await readAtMost(response, MAX_ERROR_BODY)).trim();
      return { statusCode: status, error: `HTTP ${status}${text ? `: ${text}` : ""}` };
    } catch (error) {
      return {
        statusCode: null,
        error: signal.aborted ? `no answer within ${this.timeoutMs} ms` : describe(error),
      };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof WebhookTargetRefused) return `refused: ${error.message}`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.message : String(error);
}
