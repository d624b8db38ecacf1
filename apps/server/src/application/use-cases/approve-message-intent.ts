import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { UnitOfWork } from "../ports/unit-of-work";
import { approveWithJob } from "./approve-with-job";
import { loadIntentForUpdate } from "./load-intent-for-update";
import { loadOwnedInstance } from "./load-owned-instance";

export interface ApproveMessageIntentInput {
  organizationId: string;
  intentId: string;
  instanceId: string;
  actor: string;
  /** Reschedules the intent when given (null: at once). */
  sendAt?: Date | null | undefined;
  /** Sets the intent's typing when given (null: back to the default). */
  typing?: boolean | null | undefined;
}

/** The external-gate path: a gate elsewhere decided; we approve on its instance and create the job atomically. */
export class ApproveMessageIntentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: DomainEventBus,
    private readonly maxAttempts: number,
  ) {}

  async execute(
    input: ApproveMessageIntentInput,
  ): Promise<{ intent: MessageIntent; job: MessageExecutionJob }> {
    const result = await this.uow.run(async (repos) => {
      const intent = await loadIntentForUpdate(repos, input.organizationId, input.intentId);
      const instance = await loadOwnedInstance(repos, input.organizationId, input.instanceId);
      const ctx = {
        repos,
        now: this.clock.now(),
        actor: input.actor,
        newId: this.newId,
        maxAttempts: this.maxAttempts,
        sendAt: input.sendAt,
        typing: input.typing,
      };
      const { job, events } = await approveWithJob(ctx, intent, instance);
      return { intent, job, events };
    });
    this.bus.publish(result.events);
    return { intent: result.intent, job: result.job };
  }
}
