import type { IntentPriority } from "../../domain/intent/intent-priority";
import { MessageIntent } from "../../domain/intent/message-intent";
import type { IntentPurpose, MessageContent } from "../../domain/intent/message-payload";
import type { MessageTarget } from "../../domain/intent/message-target";
import type { MessageIntentCreated } from "../../domain/timeline/domain-event";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { StoredResponse } from "../ports/idempotency-repository";
import type { Repositories, UnitOfWork } from "../ports/unit-of-work";

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

export interface IdempotentRequest {
  key: string;
  /** Identifies the request's content: the same key with another hash is a client's mistake. */
  requestHash: string;
  /** The answer to remember for the created intent and to replay to every retry. */
  respond(intent: MessageIntent): StoredResponse;
}

/** How long a retry with the same idempotency key gets the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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
    request: IdempotentRequest,
  ): Promise<StoredResponse> {
    const now = this.clock.now();
    const outcome = await this.uow.run(async (repos) => {
      const earlier = await repos.idempotency.claim({
        organizationId: input.organizationId,
        key: request.key,
        requestHash: request.requestHash,
        now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      });
      if (earlier) {
        if (earlier.requestHash !== request.requestHash) {
          throw new ApplicationError(
            "IDEMPOTENCY_KEY_REUSED",
            `Idempotency-Key "${request.key}" was already used with a different request body within the last 24 hours; use a new key for a new request`,
          );
        }
        return { response: earlier.response, event: null };
      }
      const { intent, event } = await this.create(repos, input);
      const response = request.respond(intent);
      await repos.idempotency.complete(input.organizationId, request.key, response);
      return { response, event };
    });
    if (outcome.event) this.bus.publish([outcome.event]);
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
