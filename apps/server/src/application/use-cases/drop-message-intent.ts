import type { MessageIntent } from "../../domain/intent/message-intent";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadIntentForUpdate } from "./load-intent-for-update";
import type { OperatorAction } from "./operator-action";

/**
 * An operator drops an intent the gate has not sent on yet (PENDING, or QUEUED waiting to go back
 * to it): no job exists, so nothing can be in flight. Once approved, its job is what to cancel.
 */
export class DropMessageIntentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: OperatorAction & { intentId: string }): Promise<MessageIntent> {
    const { intent, event } = await this.uow.run(async (repos) => {
      const intent = await loadIntentForUpdate(repos, input.organizationId, input.intentId);
      if (intent.status !== "PENDING" && intent.status !== "QUEUED") {
        throw new ApplicationError(
          "INTENT_NOT_DROPPABLE",
          `intent ${intent.id} is ${intent.status}: only a PENDING or QUEUED intent can be dropped (an approved one's job can be cancelled)`,
        );
      }
      const event = intent.drop(input.reason || "dropped by an operator", this.clock.now(), input.actor);
      await repos.intents.save(intent);
      await repos.timeline.append([event]);
      return { intent, event };
    });
    this.bus.publish([event]);
    return intent;
  }
}
