import { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { UnitOfWork } from "../ports/unit-of-work";
import { approveIntoJob } from "./approve-with-job";
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
        input.instanceId === undefined
          ? null
          : await loadOwnedInstance(repos, input.organizationId, input.instanceId);
      const approval = { now, actor: input.actor, newId: this.newId, maxAttempts: this.maxAttempts };
      const intents: MessageIntent[] = [];
      const jobs: MessageExecutionJob[] = [];
      const events: DomainEvent[] = [];
      for (const item of input.items) {
        const { intent, event } = MessageIntent.create({
          ...item,
          organizationId: input.organizationId,
          id: this.newId(),
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
      return { intents, events };
    });
    this.bus.publish(result.events);
    return result.intents;
  }
}
