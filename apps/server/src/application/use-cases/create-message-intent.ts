import type { IntentPriority } from "../../domain/intent/intent-priority";
import { MessageIntent } from "../../domain/intent/message-intent";
import type { IntentPurpose, MessageContent } from "../../domain/intent/message-payload";
import type { MessageTarget } from "../../domain/intent/message-target";
import type { MessageIntentCreated } from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { StoredResponse } from "../ports/idempotency-repository";
import type { Repositories, UnitOfWork } from "../ports/unit-of-work";
import { answerOnce, type IdempotentRequest } from "./answer-once";

export interface CreateMessageIntentInput {
  organizationId: string;
  target: MessageTarget;
  purpose: IntentPurpose;
  /** Defaults by purpose (see defaultPriorityFor). */
  priority?: IntentPriority | undefined;
  /** Not before this time. */
  sendAt?: Date | undefined;
  /** Show "typing…" before the send; left out: the default. */
  typing?: boolean | undefined;
  content: MessageContent;
  /** The caller's W3C trace context, when it sent a valid one. */
  traceparent?: string | null | undefined;
}

export class CreateMessageIntentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: CreateMessageIntentInput): Promise<MessageIntent> {
    const { intent, event } = await this.uow.run((repos) => this.create(repos, input));
    this.bus.publish([event]);
    return intent;
  }

  /**
   * Creates the intent and remembers the answer under the key in the same transaction; a retry
   * with the same key and request gets that answer again and creates nothing.
   */
  async executeIdempotently(
    input: CreateMessageIntentInput,
    request: IdempotentRequest<MessageIntent>,
  ): Promise<StoredResponse> {
    const now = this.clock.now();
    const outcome = await this.uow.run((repos) =>
      answerOnce(repos, input.organizationId, now, request, async () => {
        const { intent, event } = await this.create(repos, input);
        return { created: intent, events: [event] };
      }),
    );
    this.bus.publish(outcome.events);
    return outcome.response;
  }

  private async create(
    repos: Repositories,
    input: CreateMessageIntentInput,
  ): Promise<{ intent: MessageIntent; event: MessageIntentCreated }> {
    const created = MessageIntent.create({ ...input, id: this.newId(), now: this.clock.now() });
    await repos.intents.insert(created.intent);
    await repos.timeline.append([created.event]);
    return created;
  }
}
