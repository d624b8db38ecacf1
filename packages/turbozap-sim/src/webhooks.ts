import { deliverWebhook, type RetryPolicy, type TimerBag, WebhookPoster } from "@whatlead/sim-kit";
import type { SimInstance } from "./instance";
import { acceptsEvent } from "./webhook-config";

// The gateway: 1 try + 3 retries, backoff attempt² seconds, all inside a 30 s context.
function retryPolicy(backoffScaleMs: number): RetryPolicy {
  return {
    tries: 4,
    backoffMs: (retry) => retry * retry * backoffScaleMs,
    windowMs: 30_000,
    timeoutMs: 30_000,
  };
}

export class WebhookDispatcher {
  private readonly poster = new WebhookPoster();
  private readonly policy: RetryPolicy;
  private stopped = false;

  constructor(
    private readonly timers: TimerBag,
    backoffScaleMs: number,
  ) {
    this.policy = retryPolicy(backoffScaleMs);
  }

  /** Fire and forget: events are delivered concurrently, so receivers see no guaranteed order. */
  dispatch(instance: SimInstance, event: string, data: Record<string, unknown>): void {
    const config = instance.webhook;
    if (this.stopped || !acceptsEvent(config, event)) return;
    const body = JSON.stringify({
      event,
      instance_id: instance.id,
      instance: instance.name,
      timestamp: new Date().toISOString(),
      data,
    });
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "TurboZap-Webhook/1.0",
      "X-Webhook-Event": event,
      "X-Instance-ID": instance.id,
    };
    // Custom headers win, case-insensitively, as with Go's Header.Set.
    for (const [name, value] of Object.entries(config.headers)) {
      for (const existing of Object.keys(headers)) {
        if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      }
      headers[name] = value;
    }
    void deliverWebhook(this.poster, this.timers, { url: config.url, headers, body }, this.policy);
  }

  stop(): void {
    this.stopped = true;
    this.poster.stop();
  }
}
