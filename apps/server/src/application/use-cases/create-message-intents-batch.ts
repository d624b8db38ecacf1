import { MessageIntent } from "../../domain/intent/message-intent";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { UnitOfWork } from "../ports/unit-of-work";
import { approveWithJob } from "./approve-with-job";
import type { CreateMessageIntentInput } from "./create-message-intent";

export interface CreateMessageIntentsBatchInput {
  organizationId: string;
  items: readonly Omit<CreateMessageIntentInput, "organizationId">[];
  /** When given, every intent is approved on this instance and gets its job, in the same transaction. */
  instanceId?: string | undefined;
  actor: string;
}

/** Many intents in one transaction: all of them are created (and approved), or none is. */
export class CreateMessageIntentsBatchUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: DomainEventBus,
    private readonly maxAttempts: number,
  ) {}

  async execute(input: CreateMessageIntentsBatchInput): Promise<MessageIntent[]> {
    const result = await this.uow.run(async (repos) => {
      const now = this.clock.now();
      const instance =
        input.instanceId === undefined ? null : await repos.instances.findById(input.instanceId);
      if (input.instanceId !== undefined && (!instance || instance.organizationId !== input.organizationId)) {
        throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${input.instanceId} not found`);
      }
      const intents: MessageIntent[] = [];
      const events: DomainEvent[] = [];
      const ctx = { repos, now, actor: input.actor, newId: this.newId, maxAttempts: this.maxAttempts };
      for (const item of input.items) {
        const { intent, event } = MessageIntent.create({
          ...item,
          organizationId: input.organizationId,
          id: this.newId(),
          now,
        });
        await repos.intents.insert(intent);
        await repos.timeline.append([event]);
        events.push(event);
        if (instance) events.push(...(await approveWithJob(ctx, intent, instance)).events);
        intents.push(intent);
      }
      return { intents, events };
    });
    this.bus.publish(result.events);
    return result.intents;
  }
}
