import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import { type ApprovalDependencies, approvalIn, approveWithJob } from "./approve-with-job";
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
  constructor(private readonly deps: ApprovalDependencies) {}

  async execute(
    input: ApproveMessageIntentInput,
  ): Promise<{ intent: MessageIntent; job: MessageExecutionJob }> {
    const result = await this.deps.uow.run(async (repos) => {
      const intent = await loadIntentForUpdate(repos, input.organizationId, input.intentId);
      const instance = await loadOwnedInstance(repos, input.organizationId, input.instanceId);
      const approval = approvalIn(repos, this.deps, this.deps.clock.now(), input);
      const { job, events } = await approveWithJob(approval, intent, instance);
      return { intent, job, events };
    });
    this.deps.bus.publish(result.events);
    return { intent: result.intent, job: result.job };
  }
}
