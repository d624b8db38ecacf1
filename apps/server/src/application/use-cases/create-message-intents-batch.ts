import { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { StoredResponse } from "../ports/idempotency-repository";
import type { Repositories } from "../ports/unit-of-work";
import { answerOnce, type IdempotentRequest } from "./answer-once";
import { type ApprovalDependencies, approveIntoJob } from "./approve-with-job";
import type { CreateMessageIntentInput } from "./create-message-intent";
import { loadOwnedInstance } from "./load-owned-instance";

export interface CreateMessageIntentsBatchInput {
  organizationId: string;
  items: readonly Omit<CreateMessageIntentInput, "organizationId">[];
  /** When given, every intent is approved on this instance and gets its job, in the same transaction. */
  instanceId?: string | undefined;
  actor: string;
}

/**
 * Many intents in one transaction: all of them are created (and approved), or none is. Each table
 * is written once for the whole batch (intents in their final state, then jobs, then every timeline
 * row in item order), so a batch of 1,000 costs a handful of statements rather than thousands.
 */
export class CreateMessageIntentsBatchUseCase {
  constructor(private readonly deps: ApprovalDependencies) {}

  async execute(input: CreateMessageIntentsBatchInput): Promise<MessageIntent[]> {
    const { created, events } = await this.deps.uow.run((repos) => this.create(repos, input));
    this.deps.bus.publish(events);
    return created;
  }

  /**
   * The batch once per idempotency key: a retry with the same key and body gets the first answer
   * again and creates nothing; concurrent retries wait for the first and replay it.
   */
  async executeIdempotently(
    input: CreateMessageIntentsBatchInput,
    request: IdempotentRequest<MessageIntent[]>,
  ): Promise<StoredResponse> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.uow.run((repos) =>
      answerOnce(repos, input.organizationId, now, request, () => this.create(repos, input)),
    );
    this.deps.bus.publish(outcome.events);
    return outcome.response;
  }

  private async create(
    repos: Repositories,
    input: CreateMessageIntentsBatchInput,
  ): Promise<{ created: MessageIntent[]; events: DomainEvent[] }> {
    const now = this.deps.clock.now();
    const instance =
      input.instanceId === undefined
        ? null
        : await loadOwnedInstance(repos, input.organizationId, input.instanceId);
    const approval = {
      now,
      actor: input.actor,
      newId: this.deps.newId,
      maxAttempts: this.deps.maxAttempts,
    };
    const intents: MessageIntent[] = [];
    const jobs: MessageExecutionJob[] = [];
    const events: DomainEvent[] = [];
    for (const item of input.items) {
      const { intent, event } = MessageIntent.create({
        ...item,
        organizationId: input.organizationId,
        id: this.deps.newId(),
        now,
      });
      intents.push(intent);
      events.push(event);
      if (instance) {
        const { approved, job, created } = approveIntoJob(approval, intent, instance);
        jobs.push(job);
        events.push(approved, created);
      }
    }
    await repos.intents.insertMany(intents);
    await repos.jobs.insertMany(jobs);
    await repos.timeline.append(events);
    return { created: intents, events };
  }
}
