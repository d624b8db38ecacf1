import { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { UnitOfWork } from "../ports/unit-of-work";

type RefusalReason =
  | "INTENT_NOT_FOUND"
  | "INTENT_NOT_APPROVED"
  | "NO_DECIDED_INSTANCE"
  | "INSTANCE_NOT_FOUND";

export type CreateExecutionJobResult =
  | { kind: "created" | "existing"; job: MessageExecutionJob }
  | { kind: "refused"; reason: RefusalReason };

/** Turns one APPROVED intent into its one job; calling it again, from anywhere, creates nothing more. */
export class CreateExecutionJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: DomainEventBus,
    private readonly maxAttempts: number,
  ) {}

  async execute(input: { organizationId: string; intentId: string }): Promise<CreateExecutionJobResult> {
    const { result, events } = await this.uow.run(async (repos) => {
      const refuse = (reason: RefusalReason) => ({
        result: { kind: "refused", reason } as const,
        events: [] as DomainEvent[],
      });
      const intent = await repos.intents.findById(input.intentId);
      if (!intent || intent.organizationId !== input.organizationId) return refuse("INTENT_NOT_FOUND");
      if (intent.status !== "APPROVED") return refuse("INTENT_NOT_APPROVED");
      if (intent.decidedByInstanceId === null) return refuse("NO_DECIDED_INSTANCE");
      const instance = await repos.instances.findById(intent.decidedByInstanceId);
      if (!instance) return refuse("INSTANCE_NOT_FOUND");
      const { job, event } = MessageExecutionJob.create({
        id: this.newId(),
        intent,
        provider: instance.provider,
        maxAttempts: this.maxAttempts,
        now: this.clock.now(),
      });
      const created = await repos.jobs.createIfNotExists(job, event);
      const kind = created.created ? ("created" as const) : ("existing" as const);
      return { result: { kind, job: created.job }, events: created.created ? [event] : [] };
    });
    this.bus.publish(events);
    return result;
  }
}
