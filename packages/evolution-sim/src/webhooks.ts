import { deliverWebhook, type RetryPolicy, roll, type TimerBag, WebhookPoster } from "@whatlead/sim-kit";
import { type EvolutionInstance, ownJid } from "./instance";

// 10 tries, 5 s·2ⁿ ±20 % capped at 300 s; 400/401/403/404/422 are final (WH:201-283).
function retryPolicy(backoffScaleMs: number, timeoutMs: number): RetryPolicy {
  return {
    tries: 10,
    backoffMs: (retry) => {
      const base = Math.min(backoffScaleMs * 2 ** (retry - 1), backoffScaleMs * 60);
      return base * (0.8 + Math.random() * 0.4);
    },
    timeoutMs,
    finalStatuses: new Set([400, 401, 403, 404, 422]),
  };
}

export type EvolutionEvent = "SEND_MESSAGE" | "MESSAGES_UPDATE" | "CONNECTION_UPDATE";

/** SEND_MESSAGE → "send.message" in the body, "/send-message" when byEvents appends it to the URL. */
function dotted(event: EvolutionEvent): string {
  return event.toLowerCase().replace("_", ".");
}

function wantsEvent(instance: EvolutionInstance, event: EvolutionEvent): boolean {
  const config = instance.webhook;
  if (config === undefined || !config.enabled || !/^https?:\/\//.test(config.url)) return false;
  return config.events.length === 0 || config.events.includes(event);
}

export class EvolutionWebhooks {
  private readonly poster = new WebhookPoster();
  private readonly policy: RetryPolicy;

  constructor(
    private readonly timers: TimerBag,
    private readonly serverUrl: () => string,
    private readonly duplicateRate: () => number,
    backoffScaleMs: number,
    timeoutMs: number,
  ) {
    this.policy = retryPolicy(backoffScaleMs, timeoutMs);
  }

  /** Not awaited by the gateway: no order between events, nor against the HTTP answer. */
  dispatch(instance: EvolutionInstance, event: EvolutionEvent, data: Record<string, unknown>): void {
    const config = instance.webhook;
    if (config === undefined || !wantsEvent(instance, event)) return;
    const url = config.byEvents ? `${config.url}/${dotted(event).replace(".", "-")}` : config.url;
    const body = JSON.stringify({
      event: dotted(event),
      instance: instance.name,
      data,
      destination: url,
      date_time: new Date().toISOString(),
      sender: ownJid(instance),
      server_url: this.serverUrl(),
      apikey: null,
    });
    const request = { url, headers: { "Content-Type": "application/json", ...config.headers }, body };
    const copies = roll(this.duplicateRate()) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++)
      void deliverWebhook(this.poster, this.timers, request, this.policy);
  }

  stop(): void {
    this.poster.stop();
  }
}
