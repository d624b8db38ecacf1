import type { Clock } from "../../application/ports/clock";
import type { DeliverWebhookUseCase } from "../../application/use-cases/deliver-webhook";
import type { ClaimedWebhookDelivery } from "../../domain/webhook/webhook-delivery";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { Logger } from "../logging/logger";
import { InFlightSet } from "../worker/in-flight-set";
import { Wakeup } from "../worker/wakeup";

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
}

/**
 * Claims due webhook deliveries and POSTs them, apart from the send path: its own loop, its own
 * concurrency, its own database claims. A slow or dead endpoint holds at most about
 * `perEndpointConcurrency` of these slots, for at most the request timeout each, and never a
 * message send.
 */
export class WebhookDeliveryLoop {
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new InFlightSet(() => this.wakeup.signal());
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: WebhookDeliveryLoopDependencies,
    private readonly options: WebhookDeliveryLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Deliveries may be due (an event was committed in this process): look soon. */
  wake(): void {
    this.wakeup.signal();
  }

  /** Stops claiming, then waits for in-flight POSTs up to `timeoutMs`; returns how many were still running. */
  async stop(timeoutMs: number): Promise<number> {
    this.running = false;
    this.wakeup.signal();
    await this.loopDone;
    return this.inFlight.settleWithin(timeoutMs);
  }

  /** One pass; returns how many deliveries it claimed. */
  async runOnce(): Promise<number> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const claimed = await this.deps.deliveries.claimDue({
      deliveredBy: this.options.deliveredBy,
      limit: free,
      leaseMs: this.options.leaseMs,
      perEndpointLimit: this.options.perEndpointConcurrency,
      now: this.deps.clock.now(),
    });
    for (const delivery of claimed) this.inFlight.track(this.deliverOne(delivery));
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.deps.logger.error(
          { err: error },
          "webhook delivery pass failed; retrying after the poll interval",
        );
      }
      if (this.running && claimed > 0 && claimed === free && this.inFlight.size < this.options.concurrency)
        continue;
      await this.wakeup.wait(this.options.pollIntervalMs);
    }
  }

  private async deliverOne(delivery: ClaimedWebhookDelivery): Promise<void> {
    const ids = { deliveryId: delivery.id, attempt: delivery.attempt, eventType: delivery.eventType };
    try {
      const outcome = await this.deps.deliver.execute(delivery);
      if (outcome.kind === "gave-up")
        this.deps.logger.warn({ ...ids, error: outcome.attempt.error }, "webhook delivery given up");
    } catch (error) {
      // The outcome could not be written; the lease expires and another pass retries it.
      this.deps.logger.error({ ...ids, err: error }, "webhook delivery outcome not recorded");
    }
  }
}
