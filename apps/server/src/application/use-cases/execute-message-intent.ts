import type { JobError } from "../../domain/job/job-error";
import { fenceOfClaim, type JobFence } from "../../domain/job/job-fence";
import type {
  ClaimedJob,
  MessageExecutionJobRepository,
} from "../../domain/job/message-execution-job-repository";
import type { DomainEvent, MessageSent, MessageUnconfirmed } from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { SendOutcome } from "../ports/whatsapp-provider-port";
import { jobEventBase } from "./job-event-base";
import type { RetryFailedExecutionUseCase } from "./retry-failed-execution";
import { sendIntentThroughProvider } from "./send-intent-through-provider";

export type ExecutionResult = "SENT" | "RETRY" | "FAILED" | "UNCONFIRMED" | "STALE";

interface Attempt {
  fence: JobFence;
  actor: string;
  durationMs: number;
}

/** A claimed job whose request has been answered (or given up on), with the outcome still to record. */
export interface AnsweredAttempt {
  claimed: ClaimedJob;
  attempt: Attempt;
  outcome: SendOutcome;
}

/**
 * Executes one claimed job: no decision is taken here, the provider's typed outcome is recorded
 * as is. `unknown` outcomes (the request may have gone out) become UNCONFIRMED rather than a
 * retry that could message the lead twice, unless the provider dedupes on our idempotency key.
 * The two halves are public so that a worker can free its send slot as soon as the provider has
 * answered, while the outcome waits for its (batched) write.
 */
export class ExecuteMessageIntentUseCase {
  constructor(
    private readonly jobs: MessageExecutionJobRepository,
    private readonly providers: ProviderRegistry,
    private readonly retryFailed: RetryFailedExecutionUseCase,
    private readonly clock: Clock,
    private readonly bus: DomainEventBus,
  ) {}

  async execute(claimed: ClaimedJob): Promise<ExecutionResult> {
    return this.record(await this.send(claimed));
  }

  /** Sends the claimed job's message; never throws. */
  async send(claimed: ClaimedJob): Promise<AnsweredAttempt> {
    const fence = fenceOfClaim(claimed.job);
    const startedAt = this.clock.now().getTime();
    const outcome = await this.callProvider(claimed);
    // Carried on the outcome event so that metrics need no hook inside the worker.
    const attempt: Attempt = {
      fence,
      actor: `worker:${fence.lockedBy}`,
      durationMs: this.clock.now().getTime() - startedAt,
    };
    return { claimed, attempt, outcome };
  }

  /** Records what the provider answered (fenced: a lost claim records nothing and says STALE). */
  async record({ claimed, attempt, outcome }: AnsweredAttempt): Promise<ExecutionResult> {
    const { job } = claimed;
    const fence = attempt.fence;
    switch (outcome.kind) {
      case "sent":
        return this.write(fence, this.sentEvent(claimed, attempt, outcome.messageId), "SENT");
      case "permanent":
        return this.fail(claimed, attempt, { code: outcome.code, message: outcome.message });
      case "retryable":
        return this.retry(claimed, attempt, { code: outcome.code, message: outcome.message });
      case "unknown": {
        const error = { code: outcome.code, message: outcome.message };
        if (this.providers.get(job.provider)?.supportsIdempotencyKey)
          return this.retry(claimed, attempt, error);
        const event: MessageUnconfirmed = {
          ...jobEventBase(job, this.clock.now(), attempt.actor),
          type: "MessageUnconfirmed",
          attempt: fence.attempt,
          durationMs: attempt.durationMs,
          error,
        };
        return this.write(fence, event, "UNCONFIRMED");
      }
    }
  }

  private async callProvider(claimed: ClaimedJob): Promise<SendOutcome> {
    const provider = this.providers.get(claimed.job.provider);
    if (!provider) {
      return {
        kind: "permanent",
        code: "PROVIDER_NOT_CONFIGURED",
        message: `no provider "${claimed.job.provider}"`,
      };
    }
    try {
      return await sendIntentThroughProvider(provider, claimed.instanceName, claimed.intent, claimed.job.id);
    } catch (error) {
      // An adapter must not throw for a gateway answer; if one does, the request may still have left.
      return { kind: "unknown", code: "PROVIDER_ADAPTER_ERROR", message: (error as Error).message };
    }
  }

  private sentEvent(claimed: ClaimedJob, attempt: Attempt, messageId: string): MessageSent {
    return {
      ...jobEventBase(claimed.job, this.clock.now(), attempt.actor),
      type: "MessageSent",
      attempt: attempt.fence.attempt,
      durationMs: attempt.durationMs,
      providerMessageId: messageId,
      // The job is created in the approval's transaction (or by the reconciler right after).
      approvedAt: claimed.job.createdAt,
    };
  }

  private async fail(claimed: ClaimedJob, attempt: Attempt, error: JobError): Promise<ExecutionResult> {
    const event = {
      ...jobEventBase(claimed.job, this.clock.now(), attempt.actor),
      type: "MessageFailed" as const,
      attempt: attempt.fence.attempt,
      durationMs: attempt.durationMs,
      error,
      willRetry: false,
      nextAttemptAt: null,
    };
    return this.write(attempt.fence, event, "FAILED");
  }

  private async retry(claimed: ClaimedJob, attempt: Attempt, error: JobError): Promise<ExecutionResult> {
    const event = await this.retryFailed.execute({ job: claimed.job, ...attempt, error });
    if (!event) return "STALE";
    return event.willRetry ? "RETRY" : "FAILED";
  }

  private async write(
    fence: JobFence,
    event: DomainEvent,
    result: ExecutionResult,
  ): Promise<ExecutionResult> {
    const applied = await this.writeOutcome(fence, event);
    if (!applied) return "STALE";
    this.bus.publish([event]);
    return result;
  }

  private writeOutcome(fence: JobFence, event: DomainEvent): Promise<boolean> {
    switch (event.type) {
      case "MessageSent":
        return this.jobs.markSent(fence, event.providerMessageId, event);
      case "MessageUnconfirmed":
        return this.jobs.markUnconfirmed(fence, event.error, event);
      case "MessageFailed":
        return this.jobs.markFailed(fence, event.error, event);
      default:
        throw new Error(`not an outcome event: ${event.type}`);
    }
  }
}
