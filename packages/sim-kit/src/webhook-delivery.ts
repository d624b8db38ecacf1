import type { TimerBag } from "./timer-bag";
import type { WebhookPoster, WebhookRequest } from "./webhook-post";

/** How a gateway retries a webhook delivery; each sim states its gateway's rules. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** Wait before try number `retry` (1 for the first retry). */
  backoffMs(retry: number): number;
  /** Total time the gateway gives one event, undefined for no limit. */
  windowMs?: number;
  /** Per-try timeout. */
  timeoutMs: number;
  /** Statuses after which the gateway stops trying even though they are not 2xx. */
  finalStatuses?: ReadonlySet<number>;
}

function isDone(status: number, policy: RetryPolicy): boolean {
  return (status >= 200 && status < 300) || policy.finalStatuses?.has(status) === true;
}

/** Delivers one event under the policy; the caller fires it and forgets it, as the gateways do. */
export async function deliverWebhook(
  poster: WebhookPoster,
  timers: TimerBag,
  request: Omit<WebhookRequest, "timeoutMs">,
  policy: RetryPolicy,
): Promise<void> {
  const deadline = policy.windowMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + policy.windowMs;
  for (let attempt = 0; attempt < policy.tries; attempt++) {
    if (attempt > 0) await timers.sleep(policy.backoffMs(attempt));
    const remaining = deadline - Date.now();
    if (timers.isStopped || remaining <= 0) return;
    const status = await poster.post({ ...request, timeoutMs: Math.min(remaining, policy.timeoutMs) });
    if (isDone(status, policy)) return;
  }
}
