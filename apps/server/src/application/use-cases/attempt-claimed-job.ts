import type { MessageContent } from "../../domain/intent/message-payload";
import { gatewayRecipient } from "../../domain/intent/recipient-key";
import type { JobError } from "../../domain/job/job-error";
import { jobEventBase } from "../../domain/job/job-event-base";
import { fenceOfClaim, type JobFence } from "../../domain/job/job-fence";
import type { RetryPolicy } from "../policies/retry-policy";
import type { Clock } from "../ports/clock";
import type { ClaimedJob, Dispatch, JobOutcome } from "../ports/job-queue";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { SendOutcome } from "../ports/whatsapp-provider-port";

/** What every outcome event of one attempt carries. */
type AttemptEventBase = ReturnType<typeof jobEventBase> & {
  attempt: number;
  durationMs: number;
  typingMs?: number;
};

/**
 * Attempts one claimed job: the provider call and the retry decision, nothing written. The
 * provider's typed answer decides the outcome as is. `unknown` answers (the request may have gone
 * out) become UNCONFIRMED rather than a retry that could message the lead twice, unless the
 * provider dedupes on our idempotency key. Whoever claimed the job records the outcome.
 */
export class AttemptClaimedJobUseCase {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
  ) {}

  /** The dispatch mark of a claim, with the message id the attempt will send when its provider takes ours. */
  dispatchOf(claimed: ClaimedJob): Dispatch {
    const fence = fenceOfClaim(claimed.job);
    const messageId = this.messageIdOf(claimed, fence);
    return messageId === undefined ? fence : { ...fence, messageId };
  }

  /**
   * Never throws: every answer, an adapter's exception included, is an outcome. `typingMs`: how long
   * "typing…" showed before this send, carried on the outcome event (the send's own duration excludes it).
   */
  async attempt(claimed: ClaimedJob, typingMs?: number): Promise<JobOutcome> {
    const fence = fenceOfClaim(claimed.job);
    const startedAt = this.clock.now();
    const answer = await this.callProvider(claimed, this.messageIdOf(claimed, fence));
    return this.outcomeOf(claimed, answer, startedAt, typingMs);
  }

  /**
   * The outcome of an attempt that ended with `answer` now, having started at `startedAt`: a send's
   * answer, or what ended it before any send (a recipient check's refusal).
   */
  outcomeOf(claimed: ClaimedJob, answer: SendOutcome, startedAt: Date, typingMs?: number): JobOutcome {
    const fence = fenceOfClaim(claimed.job);
    const finishedAt = this.clock.now();
    const base: AttemptEventBase = {
      ...jobEventBase(claimed.job, finishedAt, `worker:${fence.lockedBy}`),
      attempt: fence.attempt,
      // Carried on the outcome event so that metrics need no hook inside the worker.
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(typingMs !== undefined ? { typingMs } : {}),
    };
    switch (answer.kind) {
      case "sent": {
        const event = { ...base, type: "MessageSent" as const, providerMessageId: answer.messageId };
        // The job is created in the approval's transaction (or by the reconciler right after).
        return { status: "SENT", fence, event: { ...event, approvedAt: claimed.job.createdAt } };
      }
      case "permanent":
        return failed(fence, base, errorOf(answer));
      case "unavailable": {
        // Due when the hold lifts, which only the database knows: no time of its own.
        const event = { ...base, type: "MessageFailed" as const, error: errorOf(answer), willRetry: true };
        return {
          status: "UNAVAILABLE",
          fence,
          event: { ...event, nextAttemptAt: null },
          scope: answer.scope,
        };
      }
      case "retryable":
        return this.retryOrFail(claimed, fence, base, errorOf(answer));
      case "unknown":
        if (this.providers.get(claimed.job.provider)?.capabilities.idempotencyKey)
          return this.retryOrFail(claimed, fence, base, errorOf(answer));
        return {
          status: "UNCONFIRMED",
          fence,
          event: { ...base, type: "MessageUnconfirmed", error: errorOf(answer) },
        };
    }
  }

  /** The retry policy: RETRY after its delay while attempts remain, otherwise FAILED. */
  private retryOrFail(
    claimed: ClaimedJob,
    fence: JobFence,
    base: AttemptEventBase,
    error: JobError,
  ): JobOutcome {
    const decision = this.policy.decide(
      fence.attempt,
      claimed.job.maxAttempts,
      base.occurredAt,
      firstDue(claimed),
    );
    if (!decision.retry) return failed(fence, base, error);
    const event = {
      ...base,
      type: "MessageFailed" as const,
      error,
      willRetry: true,
      // This host's estimate; the queue records the delay on the database's clock and says when.
      nextAttemptAt: decision.nextAttemptAt,
    };
    return { status: "RETRY", fence, event, retryInMs: decision.delayMs };
  }

  private messageIdOf(claimed: ClaimedJob, fence: JobFence): string | undefined {
    const provider = this.providers.get(claimed.job.provider);
    return provider?.messageIdFor?.(`${fence.jobId}:${fence.attempt}`, contentOf(claimed));
  }

  private async callProvider(claimed: ClaimedJob, messageId: string | undefined): Promise<SendOutcome> {
    const provider = this.providers.get(claimed.job.provider);
    if (!provider) {
      return {
        kind: "permanent",
        code: "PROVIDER_NOT_CONFIGURED",
        message: `no provider "${claimed.job.provider}"`,
      };
    }
    try {
      return await provider.send(
        claimed.instanceName,
        gatewayRecipient(claimed.intent.target),
        contentOf(claimed),
        {
          idempotencyKey: claimed.job.id,
          ...(messageId === undefined ? {} : { messageId }),
        },
      );
    } catch (error) {
      // An adapter must not throw for a gateway answer; if one does, the request may still have left.
      return { kind: "unknown", code: "PROVIDER_ADAPTER_ERROR", message: (error as Error).message };
    }
  }
}

function failed(fence: JobFence, base: AttemptEventBase, error: JobError): JobOutcome {
  const event = { ...base, type: "MessageFailed" as const, error, willRetry: false, nextAttemptAt: null };
  return { status: "FAILED", fence, event };
}

function contentOf({ intent }: ClaimedJob): MessageContent {
  return { type: intent.type, payload: intent.payload } as MessageContent;
}

function errorOf(answer: { code: string; message: string }): JobError {
  return { code: answer.code, message: answer.message };
}

/** When the job was first due, from which RETRY_MAX_AGE counts: its approval, or its scheduled time if later. */
function firstDue(claimed: ClaimedJob): Date {
  const { sendAt } = claimed.intent;
  return sendAt && sendAt > claimed.job.createdAt ? sendAt : claimed.job.createdAt;
}
