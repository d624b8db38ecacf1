import { priorityRank } from "../intent/intent-priority";
import type { MessageIntent } from "../intent/message-intent";
import { recipientKey } from "../intent/recipient-key";
import { DomainError } from "../shared/domain-error";
import type {
  ExecutionJobCancelled,
  ExecutionJobConfirmed,
  ExecutionJobCreated,
  ExecutionJobRequeued,
  ExecutionJobResent,
  MessageSent,
} from "../timeline/domain-event";
import { type ExecutionStatus, isRunnable } from "./execution-status";
import type { JobError } from "./job-error";
import { jobEventBase } from "./job-event-base";

export interface MessageExecutionJobProps {
  id: string;
  organizationId: string;
  intentId: string;
  instanceId: string;
  /** The intent's recipientKey, copied here so per-recipient ordering is one indexed lookup. */
  recipient: string;
  provider: string;
  status: ExecutionStatus;
  /** The intent's priority rank (0 = HIGH): claims take lower ranks first. */
  priority: number;
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
 * One approved intent's execution, as operators act on it and reads show it. Its life under the
 * worker (claim, fenced outcome, lease, recovery) is written once, in SQL (infra/database/sql), so
 * that every claimer agrees on it under concurrency.
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
      recipient: recipientKey(intent.toProps().target),
      provider: input.provider,
      status: "PENDING",
      priority: priorityRank(intent.toProps().priority),
      attempts: 0,
      maxAttempts: input.maxAttempts,
      lastError: null,
      nextAttemptAt: dueAt(intent, now),
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

  /** An operator sends a FAILED job again, with a fresh attempt budget. */
  requeue(extraAttempts: number, now: Date, actor: string, reason: string): ExecutionJobRequeued {
    this.requireStatus("FAILED", "retried");
    this.props = {
      ...this.props,
      status: "RETRY",
      maxAttempts: this.props.attempts + extraAttempts,
      nextAttemptAt: now,
      updatedAt: now,
    };
    return { ...this.eventBase(now, actor), type: "ExecutionJobRequeued", reason };
  }

  /** An operator knows an UNCONFIRMED attempt went out (the lead answered, the phone shows it). */
  confirm(
    providerMessageId: string | null,
    now: Date,
    actor: string,
    reason: string,
  ): [ExecutionJobConfirmed, MessageSent] {
    this.requireStatus("UNCONFIRMED", "confirmed as sent");
    const messageId = providerMessageId ?? this.props.providerMessageId;
    this.props = {
      ...this.props,
      status: "SENT",
      providerMessageId: messageId,
      executedAt: now,
      updatedAt: now,
    };
    const base = this.eventBase(now, actor);
    return [
      { ...base, type: "ExecutionJobConfirmed", reason, providerMessageId },
      { ...base, type: "MessageSent", attempt: this.props.attempts, providerMessageId: messageId ?? "" },
    ];
  }

  /** An operator knows an UNCONFIRMED attempt did not go out: send again now, with one more attempt. */
  resend(now: Date, actor: string, reason: string): ExecutionJobResent {
    this.requireStatus("UNCONFIRMED", "resent");
    this.props = {
      ...this.props,
      status: "RETRY",
      maxAttempts: Math.max(this.props.maxAttempts, this.props.attempts + 1),
      nextAttemptAt: now,
      updatedAt: now,
    };
    return { ...this.eventBase(now, actor), type: "ExecutionJobResent", reason };
  }

  /** Only a job that is not running may be cancelled: a running send cannot be called back. */
  cancel(now: Date, actor: string, reason: string): ExecutionJobCancelled {
    if (!isRunnable(this.props.status))
      throw new DomainError(
        "ILLEGAL_TRANSITION",
        `job ${this.props.id} is ${this.props.status}; only PENDING or RETRY jobs can be cancelled`,
      );
    this.props = { ...this.props, status: "CANCELLED", updatedAt: now };
    return { ...this.eventBase(now, actor), type: "ExecutionJobCancelled", reason };
  }

  /** Operator actions refuse a job in the wrong state with a message the operator can act on. */
  private requireStatus(from: ExecutionStatus, action: string): void {
    if (this.props.status !== from)
      throw new DomainError(
        "ILLEGAL_TRANSITION",
        `job ${this.props.id} is ${this.props.status}; only ${from} jobs can be ${action}`,
      );
  }

  private eventBase(now: Date, actor: string) {
    return jobEventBase(this.props, now, actor);
  }
}

/** A scheduled intent's job waits until its time; one scheduled in the past is due at once. */
function dueAt(intent: MessageIntent, now: Date): Date {
  const sendAt = intent.toProps().sendAt;
  return sendAt !== null && sendAt > now ? sendAt : now;
}
