import type { ClaimedWebhookDelivery, WebhookDeliveryOutcome } from "../../domain/webhook/webhook-delivery";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { RetryPolicy } from "../policies/retry-policy";
import type { Clock } from "../ports/clock";
import type { WebhookAnswer, WebhookTransport } from "../ports/webhook-transport";

/**
 * Makes one attempt of a claimed delivery and records it: a 2xx succeeds; anything else is retried
 * with the retry policy's backoff until the attempt numbered `maxAttempts`, then given up.
 */
export class DeliverWebhookUseCase {
  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly transport: WebhookTransport,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly maxAttempts: number,
  ) {}

  async execute(claimed: ClaimedWebhookDelivery): Promise<WebhookDeliveryOutcome> {
    const startedAt = this.clock.now();
    const answer = await this.attempt(claimed);
    const finishedAt = this.clock.now();
    const attempt = { attempt: claimed.attempt, startedAt, finishedAt, ...answer };
    const outcome = this.decide(attempt, finishedAt);
    await this.deliveries.finish(claimed, outcome);
    return outcome;
  }

  private attempt(claimed: ClaimedWebhookDelivery): Promise<WebhookAnswer> {
    // Claims count attempts; one past the limit means the last attempt's deliverer died mid-way.
    if (claimed.attempt > this.maxAttempts)
      return Promise.resolve({
        statusCode: null,
        error: "the last attempt's deliverer stopped before finishing",
      });
    return this.transport.post(claimed);
  }

  private decide(attempt: WebhookDeliveryOutcome["attempt"], now: Date): WebhookDeliveryOutcome {
    if (attempt.error === null) return { kind: "succeeded", attempt };
    const decision = this.policy.decide(attempt.attempt, this.maxAttempts, now);
    return decision.retry
      ? { kind: "retry", attempt, nextAttemptAt: decision.nextAttemptAt }
      : { kind: "gave-up", attempt };
  }
}
