import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";
import { loadJobForUpdate } from "./load-job-for-update";
import type { JobOperatorAction } from "./operator-action";

/** An operator judges that an UNCONFIRMED attempt did not go out: the job is RETRY, due now. */
export class ResendJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(input: JobOperatorAction): Promise<MessageExecutionJob> {
    const { job, event } = await this.uow.run(async (repos) => {
      const { job } = await loadJobForUpdate(repos, input.organizationId, input.jobId);
      const event = job.resend(this.clock.now(), input.actor, input.reason);
      await repos.jobs.save(job);
      await repos.timeline.append([event]);
      return { job, event };
    });
    this.bus.publish([event]);
    return job;
  }
}
