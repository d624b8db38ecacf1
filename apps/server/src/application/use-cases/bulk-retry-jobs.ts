import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { UnitOfWork } from "../ports/unit-of-work";
import type { OperatorAction } from "./operator-action";
import { refuseDisconnectedInstances } from "./refuse-disconnected-instances";
import { requeueLoaded } from "./requeue-job";

export interface BulkRetryInput extends OperatorAction {
  status: "FAILED";
  instanceId?: string | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
}

/** Retries every FAILED job of a selection in one transaction, each with its own timeline row. */
export class BulkRetryJobsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
    private readonly maxAttempts: number,
  ) {}

  async execute(input: BulkRetryInput): Promise<{ retried: number }> {
    const events = await this.uow.run(async (repos) => {
      const jobs = await repos.jobs.findAll(input, { forUpdate: true });
      await refuseDisconnectedInstances(
        repos,
        jobs.map((job) => job.toProps().instanceId),
      );
      const now = this.clock.now();
      const events = [];
      for (const job of jobs) {
        const intent = await repos.intents.findById(job.toProps().intentId, { forUpdate: true });
        if (!intent) continue;
        events.push(await requeueLoaded(repos, job, intent, this.maxAttempts, now, input));
      }
      return events;
    });
    this.bus.publish(events);
    return { retried: events.length };
  }
}
