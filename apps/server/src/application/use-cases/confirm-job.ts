import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadJobForUpdate } from "./load-job-for-update";
import type { JobOperatorAction } from "./operator-action";

export interface ConfirmJobInput extends JobOperatorAction {
  providerMessageId?: string | undefined;
}

/** An operator settles an UNCONFIRMED job as sent: job and intent SENT, in one transaction. */
export class ConfirmJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: ConfirmJobInput): Promise<MessageExecutionJob> {
    const { job, events } = await this.uow.run(async (repos) => {
      const { job, intent } = await loadJobForUpdate(repos, input.organizationId, input.jobId);
      const now = this.clock.now();
      const events = job.confirm(input.providerMessageId ?? null, now, input.actor, input.reason);
      if (intent.status === "APPROVED") intent.markSent(now);
      await repos.jobs.save(job);
      await repos.intents.save(intent);
      await repos.timeline.append(events);
      return { job, events };
    });
    this.bus.publish(events);
    return job;
  }
}
