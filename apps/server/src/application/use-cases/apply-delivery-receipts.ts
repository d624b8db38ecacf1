import type { ReportSource, UnconfirmedReceipt } from "../../domain/gateway/gateway-event-repository";
import { confirmAttemptSent } from "../gateway/confirm-attempt-sent";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories } from "../ports/unit-of-work";

/**
 * Records a batch of stored receipts on their intents (each status once, in any order of arrival)
 * and publishes the MessageDelivered / MessageRead / MessagePlayed / MessageRejected events it wrote.
 * A receipt whose message id no job carries yet (its send is unconfirmed, or its answer is still
 * being written) stays pending until one does. A receipt naming an UNCONFIRMED job by the id we
 * chose for it (wuzapi) settles that job as SENT (`MessageConfirmedByGateway`), and the kept
 * receipts are applied at once.
 */
export class ApplyDeliveryReceiptsUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  /** One batch of at most `limit`; returns how many stored receipts it took. */
  async runOnce(source: ReportSource, limit: number): Promise<number> {
    const { taken, events, unconfirmed } = await this.repos.gatewayEvents.applyReceipts(
      source,
      limit,
      this.clock.now(),
    );
    if (events.length > 0) this.bus.publish(events);
    if ((await this.confirmSent(unconfirmed)) > 0) await this.runOnce("pending", limit);
    return taken;
  }

  /** Settles each job as SENT; returns how many this call settled (an operator may have come first). */
  private async confirmSent(unconfirmed: readonly UnconfirmedReceipt[]): Promise<number> {
    const deps = { repos: this.repos, bus: this.bus };
    let confirmed = 0;
    for (const job of unconfirmed) {
      if (await confirmAttemptSent(deps, job, job.messageId, this.clock.now(), job.reportedBy)) confirmed++;
    }
    return confirmed;
  }
}
