import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import { ApplicationError } from "../application-error";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";

export interface RequeueJobInput {
  organizationId: string;
  jobId: string;
  actor: string;
  reason: string;
}

/** An operator sends a FAILED job again now, with a fresh attempt budget; its intent is in flight again. */
export class RequeueJobUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
    private readonly maxAttempts: number,
  ) {}

  async execute(input: RequeueJobInput): Promise<MessageExecutionJob> {
    const { job, event } = await this.uow.run(async (repos) => {
      const job = await repos.jobs.findById(input.jobId, { forUpdate: true });
      if (!job || job.toProps().organizationId !== input.organizationId) {
        throw new ApplicationError("JOB_NOT_FOUND", `job ${input.jobId} not found`);
      }
      const intent = await repos.intents.findById(job.toProps().intentId, { forUpdate: true });
      if (!intent) throw new ApplicationError("INTENT_NOT_FOUND", `intent of job ${input.jobId} not found`);
      const now = this.clock.now();
      const event = job.requeue(this.maxAttempts, now, input.actor, input.reason);
      intent.reopen(now);
      await repos.jobs.save(job);
      await repos.intents.save(intent);
      await repos.timeline.append([event]);
      return { job, event };
    });
    this.bus.publish([event]);
    return job;
  }
}
