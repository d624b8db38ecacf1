import type { ReceiptSource } from "../../domain/gateway/gateway-event-repository";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories } from "../ports/unit-of-work";

/**
 * Records a batch of stored receipts on their intents (each status once, in any order of arrival)
 * and publishes the MessageDelivered / MessageRead / MessagePlayed events it wrote. A receipt whose
 * message id no job carries yet (its send is unconfirmed, or its answer is still being written)
 * stays pending until one does.
 */
export class ApplyDeliveryReceiptsUseCase {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  /** One batch of at most `limit`; returns how many stored receipts it took. */
  async runOnce(source: ReceiptSource, limit: number): Promise<number> {
    const { taken, events } = await this.repos.gatewayEvents.applyReceipts(source, limit, this.clock.now());
    if (events.length > 0) this.bus.publish(events);
    return taken;
  }
}
