import type { MessageIntent } from "../intent/message-intent";
import { DomainError, IllegalTransitionError } from "../shared/domain-error";
import type { ExecutionJobCreated, ExecutionJobRequeued } from "../timeline/domain-event";
import { type ExecutionStatus, isRunnable } from "./execution-status";
import type { JobError } from "./job-error";
import type { JobFence } from "./job-fence";

export interface MessageExecutionJobProps {
  id: string;
  organizationId: string;
  intentId: string;
  instanceId: string;
  provider: string;
  status: ExecutionStatus;
  attempts: number;
  maxAttempts: number;
  lastError: JobError | null;
  nextAttemptAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  /** When the current attempt's request was handed to the provider; null until then. */
  dispatchedAt: Date | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  executedAt: Date | null;
}

export interface NewExecutionJob {
  id: string;
  intent: MessageIntent;
  provider: string;
  maxAttempts: number;
  now: Date;
}

/**
 * One approved intent's execution. Invariants: `attempts` grows only on claim; `executedAt` is
 * set only together with SENT; outcomes apply only under the claim that produced them.
 */
export class MessageExecutionJob {
  private constructor(private props: MessageExecutionJobProps) {}

  static create(input: NewExecutionJob): { job: MessageExecutionJob; event: ExecutionJobCreated } {
    const { intent, now } = input;
    const instanceId = intent.decidedByInstanceId;
    if (intent.status !== "APPROVED" || instanceId === null) {
      throw new DomainError("INTENT_NOT_APPROVED", `intent ${intent.id} is ${intent.status}, not APPROVED`);
    }
    const job = new MessageExecutionJob({
      id: input.id,
      organizationId: intent.organizationId,
      intentId: intent.id,
      instanceId,
      provider: input.provider,
      status: "PENDING",
      attempts: 0,
      maxAttempts: input.maxAttempts,
      lastError: null,
      nextAttemptAt: now,
      lockedBy: null,
      lockedUntil: null,
      dispatchedAt: null,
      providerMessageId: null,
      createdAt: now,
      updatedAt: now,
      executedAt: null,
    });
    return { job, event: { ...job.eventBase(now, "system"), type: "ExecutionJobCreated" } };
  }

  static fromProps(props: MessageExecutionJobProps): MessageExecutionJob {
    return new MessageExecutionJob({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get status(): ExecutionStatus {
    return this.props.status;
  }
  get attempts(): number {
    return this.props.attempts;
  }

  toProps(): MessageExecutionJobProps {
    return { ...this.props };
  }

  isClaimable(now: Date): boolean {
    return isRunnable(this.props.status) && this.props.nextAttemptAt.getTime() <= now.getTime();
  }

  claim(workerId: string, leaseUntil: Date, now: Date): JobFence {
    if (!this.isClaimable(now))
      throw new IllegalTransitionError("MessageExecutionJob", this.props.status, "PROCESSING");
    const attempts = this.props.attempts + 1;
    this.props = {
      ...this.props,
      status: "PROCESSING",
      attempts,
      lockedBy: workerId,
      lockedUntil: leaseUntil,
      dispatchedAt: null,
      updatedAt: now,
    };
    return { jobId: this.props.id, attempt: attempts, lockedBy: workerId };
  }

  holds(fence: JobFence): boolean {
    return (
      this.props.status === "PROCESSING" &&
      this.props.attempts === fence.attempt &&
      this.props.lockedBy === fence.lockedBy
    );
  }

  markDispatched(fence: JobFence, now: Date): boolean {
    if (!this.holds(fence)) return false;
    this.props = { ...this.props, dispatchedAt: now };
    return true;
  }

  succeed(fence: JobFence, providerMessageId: string, now: Date): boolean {
    if (!this.holds(fence)) return false;
    this.finish({ status: "SENT", providerMessageId, executedAt: now, lastError: null }, now);
    return true;
  }

  scheduleRetry(fence: JobFence, error: JobError, nextAttemptAt: Date, now: Date): boolean {
    if (!this.holds(fence)) return false;
    this.finish({ status: "RETRY", lastError: error, nextAttemptAt }, now);
    return true;
  }

  fail(fence: JobFence, error: JobError, now: Date): boolean {
    if (!this.holds(fence)) return false;
    this.finish({ status: "FAILED", lastError: error }, now);
    return true;
  }

  markUnconfirmed(fence: JobFence, error: JobError, now: Date): boolean {
    if (!this.holds(fence)) return false;
    this.finish({ status: "UNCONFIRMED", lastError: error }, now);
    return true;
  }

  /**
   * The gateway reported the send of an attempt whose answer never came: UNCONFIRMED → SENT, only
   * for that very attempt (an operator may have resent since).
   */
  confirmFromGateway(attempt: number, providerMessageId: string, now: Date): boolean {
    if (this.props.status !== "UNCONFIRMED" || this.props.attempts !== attempt) return false;
    this.finish({ status: "SENT", providerMessageId, executedAt: now, lastError: null }, now);
    return true;
  }

  /** An operator sends a FAILED job again, with a fresh attempt budget. */
  requeue(extraAttempts: number, now: Date, actor: string, reason: string): ExecutionJobRequeued {
    if (this.props.status !== "FAILED") {
      throw new IllegalTransitionError("MessageExecutionJob", this.props.status, "RETRY");
    }
    this.props = {
      ...this.props,
      status: "RETRY",
      maxAttempts: this.props.attempts + extraAttempts,
      nextAttemptAt: now,
      updatedAt: now,
    };
    return { ...this.eventBase(now, actor), type: "ExecutionJobRequeued", reason };
  }

  private finish(change: Partial<MessageExecutionJobProps>, now: Date): void {
    this.props = { ...this.props, ...change, lockedBy: null, lockedUntil: null, updatedAt: now };
  }

  private eventBase(now: Date, actor: string) {
    const p = this.props;
    return {
      organizationId: p.organizationId,
      intentId: p.intentId,
      jobId: p.id,
      instanceId: p.instanceId,
      provider: p.provider,
      occurredAt: now,
      actor,
    };
  }
}
