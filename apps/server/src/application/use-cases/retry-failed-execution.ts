import type { JobError } from "../../domain/job/job-error";
import type { JobFence } from "../../domain/job/job-fence";
import type { MessageExecutionJobProps } from "../../domain/job/message-execution-job";
import type { MessageExecutionJobRepository } from "../../domain/job/message-execution-job-repository";
import type { MessageFailed } from "../../domain/timeline/domain-event";
import type { RetryPolicy } from "../policies/retry-policy";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import { jobEventBase } from "./job-event-base";

export interface FailedAttempt {
  job: MessageExecutionJobProps;
  fence: JobFence;
  error: JobError;
  actor: string;
  /** How long the provider call took, when one was made. */
  durationMs?: number;
}

/**
 * Applies the retry policy to an attempt that failed with a retryable error: RETRY at the
 * policy's next time while attempts remain, otherwise FAILED. Returns the event, or null when
 * the fence no longer holds (another outcome already won).
 */
export class RetryFailedExecutionUseCase {
  constructor(
    private readonly jobs: MessageExecutionJobRepository,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(attempt: FailedAttempt): Promise<MessageFailed | null> {
    const now = this.clock.now();
    const decision = this.policy.decide(attempt.fence.attempt, attempt.job.maxAttempts, now);
    const event: MessageFailed = {
      ...jobEventBase(attempt.job, now, attempt.actor),
      type: "MessageFailed",
      attempt: attempt.fence.attempt,
      ...(attempt.durationMs === undefined ? {} : { durationMs: attempt.durationMs }),
      error: attempt.error,
      willRetry: decision.retry,
      nextAttemptAt: decision.retry ? decision.nextAttemptAt : null,
    };
    const applied = decision.retry
      ? await this.jobs.markRetry(attempt.fence, attempt.error, decision.nextAttemptAt, event)
      : await this.jobs.markFailed(attempt.fence, attempt.error, event);
    if (!applied) return null;
    this.bus.publish([event]);
    return event;
  }
}
