import type { Clock } from "../../application/ports/clock";
import type { WebhookAnswer, WebhookTransport } from "../../application/ports/webhook-transport";
import type { ClaimedWebhookDelivery } from "../../domain/webhook/webhook-delivery";
import { timelineEventEnvelope } from "../events/timeline-event-envelope";
import { signWebhook } from "./webhook-signature";

/** The part of a receiver's answer kept in the log: enough to debug, never a whole page. */
const MAX_ERROR_BODY = 200;

/** POSTs deliveries with fetch: JSON body, signed, bounded by a timeout, redirects not followed. */
export class FetchWebhookTransport implements WebhookTransport {
  constructor(
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async post(delivery: ClaimedWebhookDelivery): Promise<WebhookAnswer> {
    const body = JSON.stringify(timelineEventEnvelope(delivery.timelineEventId, delivery.event));
    const unixSeconds = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "WhatLead-Webhooks/1",
          "x-whatlead-event": delivery.eventType,
          "x-whatlead-delivery": delivery.id,
          "x-whatlead-signature": signWebhook(delivery.secret, body, unixSeconds),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.ok) {
        await response.body?.cancel();
        return { statusCode: response.status, error: null };
      }
      const text = (await response.text()).slice(0, MAX_ERROR_BODY);
      return { statusCode: response.status, error: `HTTP ${response.status}${text ? `: ${text}` : ""}` };
    } catch (error) {
      return { statusCode: null, error: this.describe(error) };
    }
  }

  private describe(error: unknown): string {
    if (error instanceof Error && error.name === "TimeoutError")
      return `no answer within ${this.timeoutMs} ms`;
    const cause =
      error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
