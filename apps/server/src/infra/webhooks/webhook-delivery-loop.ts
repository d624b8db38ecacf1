import type { Clock } from "../../application/ports/clock";
import type { DeliverWebhookUseCase } from "../../application/use-cases/deliver-webhook";
import type { ClaimedWebhookDelivery } from "../../domain/webhook/webhook-delivery";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { Logger } from "../logging/logger";
import type { SpanStart, Tracing } from "../tracing/tracing";
import { ClaimLoop } from "../worker/claim-loop";
import { InFlightSet } from "../worker/in-flight-set";

export interface WebhookDeliveryLoopOptions {
  deliveredBy: string;
  /** POSTs in flight at once in this process. */
  concurrency: number;
  /** POSTs in flight to one endpoint at once, across every process (soft). */
  perEndpointConcurrency: number;
  pollIntervalMs: number;
  /** Outlives the per-request timeout, so a live POST never loses its lease. */
  leaseMs: number;
}

export interface WebhookDeliveryLoopDependencies {
  deliveries: WebhookDeliveryRepository;
  deliver: DeliverWebhookUseCase;
  clock: Clock;
  logger: Logger;
  tracing: Tracing;
}

/**
 * Claims due webhook deliveries and POSTs them, apart from the send path: its own loop, its own
 * concurrency, its own database claims. A slow or dead endpoint holds at most about
 * `perEndpointConcurrency` of these slots, for at most the request timeout each, and never a
 * message send.
 */
export class WebhookDeliveryLoop {
  private readonly inFlight = new InFlightSet(() => this.loop.wake());
  private readonly loop: ClaimLoop;

  constructor(
    private readonly deps: WebhookDeliveryLoopDependencies,
    private readonly options: WebhookDeliveryLoopOptions,
  ) {
    this.loop = new ClaimLoop(
      {
        freeSlots: () => this.options.concurrency - this.inFlight.size,
        claim: (limit) => this.claim(limit),
      },
      deps.logger,
      { pollIntervalMs: options.pollIntervalMs, name: "webhook delivery" },
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Deliveries may be due (an event was committed in this process): look soon. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops claiming, then waits for in-flight POSTs up to `timeoutMs`; returns how many were still running. */
  async stop(timeoutMs: number): Promise<number> {
    await this.loop.stop();
    return this.inFlight.settleWithin(timeoutMs);
  }

  private async claim(limit: number): Promise<number> {
    const claimed = await this.deps.deliveries.claimDue({
      deliveredBy: this.options.deliveredBy,
      limit,
      leaseMs: this.options.leaseMs,
      perEndpointLimit: this.options.perEndpointConcurrency,
      now: this.deps.clock.now(),
    });
    for (const delivery of claimed) this.inFlight.track(this.deliverOne(delivery));
    return claimed.length;
  }

  private async deliverOne(delivery: ClaimedWebhookDelivery): Promise<void> {
    const ids = { deliveryId: delivery.id, attempt: delivery.attempt, eventType: delivery.eventType };
    try {
      const outcome = await this.deps.tracing.inSpan(
        "POST webhook",
        deliverySpanStart(delivery),
        async (span) => {
          const outcome = await this.deps.deliver.execute(delivery);
          const { statusCode, error } = outcome.attempt;
          span.setAttributes({
            "http.response.status_code": statusCode,
            "whatlead.webhook.outcome": outcome.kind,
          });
          if (error !== null) span.fail(statusCode === null ? "no answer" : String(statusCode));
          return outcome;
        },
      );
      if (outcome.kind === "gave-up")
        this.deps.logger.warn({ ...ids, error: outcome.attempt.error }, "webhook delivery given up");
    } catch (error) {
      // The outcome could not be written; the lease expires and another pass retries it.
      this.deps.logger.error({ ...ids, err: error }, "webhook delivery outcome not recorded");
    }
  }
}

/** A delivery's span: the POST and its recorded outcome; the endpoint by origin and path (a query may hold a token). */
function deliverySpanStart(delivery: ClaimedWebhookDelivery): SpanStart {
  const url = URL.canParse(delivery.url) ? new URL(delivery.url) : null;
  return {
    kind: "client",
    root: true,
    attributes: {
      "http.request.method": "POST",
      "server.address": url?.hostname,
      "url.full": url ? url.origin + url.pathname : undefined,
      "whatlead.webhook.delivery.id": delivery.id,
      "whatlead.webhook.event_type": delivery.eventType,
      "whatlead.attempt": delivery.attempt,
    },
  };
}
