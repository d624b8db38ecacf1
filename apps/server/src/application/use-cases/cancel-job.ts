import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadJobForUpdate } from "./load-job-for-update";
import type { JobOperatorAction } from "./operator-action";

/** An operator cancels a job that has not run yet: job CANCELLED, intent DROPPED, in one transaction. */
export class CancelJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: JobOperatorAction): Promise<MessageExecutionJob> {
    const { job, events } = await this.uow.run(async (repos) => {
      const { job, intent } = await loadJobForUpdate(repos, input.organizationId, input.jobId);
      const now = this.clock.now();
      const cancelled = job.cancel(now, input.actor, input.reason);
      const dropped = intent.drop(input.reason || "job cancelled", now, input.actor);
      await repos.jobs.save(job);
      await repos.intents.save(intent);
      const events = [cancelled, dropped];
      await repos.timeline.append(events);
      return { job, events };
    });
    this.bus.publish(events);
    return job;
  }
}
