import { deliverWebhook, type RetryPolicy, type TimerBag, WebhookPoster } from "@whatlead/sim-kit";
import { type WuzapiUser, wantsEvent } from "./user";

// callHook (helpers.go:26-41): a form POST of jsonData and the user's token, one goroutine per event,
// 30 s timeout, the answer ignored, never retried.
const ONE_TRY: RetryPolicy = { tries: 1, backoffMs: () => 0, timeoutMs: 30_000 };

export class WuzapiWebhooks {
  private readonly poster = new WebhookPoster();

  constructor(private readonly timers: TimerBag) {}

  dispatch(user: WuzapiUser, type: string, payload: Record<string, unknown>): void {
    if (!wantsEvent(user, type)) return;
    const body = new URLSearchParams({
      jsonData: JSON.stringify({ ...payload, type }),
      token: user.token,
    }).toString();
    const request = {
      url: user.webhookUrl,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    };
    void deliverWebhook(this.poster, this.timers, request, ONE_TRY);
  }

  stop(): void {
    this.poster.stop();
  }
}
