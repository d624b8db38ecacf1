import type { SimInstance } from "./instance";
import type { TimerBag } from "./timer-bag";
import { acceptsEvent } from "./webhook-config";
import { WebhookPoster } from "./webhook-post";

// The gateway: 1 try + 3 retries, backoff attempt² seconds, all inside a 30 s context.
const RETRIES = 3;
const DELIVERY_WINDOW_MS = 30_000;

export class WebhookDispatcher {
  private readonly poster = new WebhookPoster();
  private stopped = false;

  constructor(
    private readonly timers: TimerBag,
    private readonly backoffScaleMs: number,
  ) {}

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
    void this.deliver(config.url, headers, body);
  }

  stop(): void {
    this.stopped = true;
    this.poster.stop();
  }

  private async deliver(url: string, headers: Record<string, string>, body: string): Promise<void> {
    const deadline = Date.now() + DELIVERY_WINDOW_MS;
    for (let attempt = 0; attempt <= RETRIES; attempt++) {
      if (attempt > 0) await this.timers.sleep(attempt * attempt * this.backoffScaleMs);
      const remaining = deadline - Date.now();
      if (this.stopped || remaining <= 0) return;
      if (await this.poster.post({ url, headers, body, timeoutMs: remaining })) return;
    }
  }
}
