import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { ExecutionJobRequeued } from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories, UnitOfWork } from "../ports/unit-of-work";
import { loadJobForUpdate } from "./load-job-for-update";
import type { JobOperatorAction } from "./operator-action";
import { refuseDisconnectedInstances } from "./refuse-disconnected-instances";

export type RequeueJobInput = JobOperatorAction;

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
      const { job, intent } = await loadJobForUpdate(repos, input.organizationId, input.jobId);
      if (job.toProps().status === "FAILED")
        await refuseDisconnectedInstances(repos, [job.toProps().instanceId]);
      const event = await requeueLoaded(repos, job, intent, this.maxAttempts, this.clock.now(), input);
      return { job, event };
    });
    this.bus.publish([event]);
    return job;
  }
}

/** The requeue of one locked FAILED job and its intent, inside the caller's unit of work. */
export async function requeueLoaded(
  repos: Repositories,
  job: MessageExecutionJob,
  intent: MessageIntent,
  maxAttempts: number,
  now: Date,
  who: { actor: string; reason: string },
): Promise<ExecutionJobRequeued> {
  const event = job.requeue(maxAttempts, now, who.actor, who.reason);
  intent.reopen(now);
  await repos.jobs.save(job);
  await repos.intents.save(intent);
  await repos.timeline.append([event]);
  return event;
}
