import { MessageIntent } from "../../domain/intent/message-intent";
import type { IntentPurpose, MessageContent } from "../../domain/intent/message-payload";
import type { MessageTarget } from "../../domain/intent/message-target";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { UnitOfWork } from "../ports/unit-of-work";

export interface CreateMessageIntentInput {
  organizationId: string;
  target: MessageTarget;
  purpose: IntentPurpose;
  content: MessageContent;
}

export class CreateMessageIntentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: CreateMessageIntentInput): Promise<MessageIntent> {
    const { intent, event } = MessageIntent.create({ ...input, id: this.newId(), now: this.clock.now() });
    await this.uow.run(async (repos) => {
      await repos.intents.insert(intent);
      await repos.timeline.append([event]);
    });
    this.bus.publish([event]);
    return intent;
  }
}
