import type { JobError } from "../job/job-error";

interface IntentEventBase {
  organizationId: string;
  intentId: string;
  occurredAt: Date;
  /** Who caused it: `system`, `worker:<id>`, `api`, an operator's name. */
  actor: string;
}

export interface MessageIntentCreated extends IntentEventBase {
  type: "MessageIntentCreated";
}
export interface MessageIntentApproved extends IntentEventBase {
  type: "MessageIntentApproved";
  instanceId: string;
}
export interface MessageIntentQueued extends IntentEventBase {
  type: "MessageIntentQueued";
  reason: string;
  queuedUntil: Date | null;
}
export interface MessageIntentBlocked extends IntentEventBase {
  type: "MessageIntentBlocked";
  reason: string;
}
export interface MessageIntentDropped extends IntentEventBase {
  type: "MessageIntentDropped";
  reason: string;
}

interface JobEventBase extends IntentEventBase {
  jobId: string;
  instanceId: string;
  provider: string;
}

export interface ExecutionJobCreated extends JobEventBase {
  type: "ExecutionJobCreated";
}
/** What an attempt's outcome adds: how long the provider call took, when the executor measured it. */
interface AttemptOutcome {
  attempt: number;
  durationMs?: number;
}

export interface MessageSent extends JobEventBase, AttemptOutcome {
  type: "MessageSent";
  providerMessageId: string;
  /** When the intent was approved (its job created): the start of approval-to-sent latency. */
  approvedAt?: Date;
}
export interface MessageFailed extends JobEventBase, AttemptOutcome {
  type: "MessageFailed";
  error: JobError;
  willRetry: boolean;
  nextAttemptAt: Date | null;
}
export interface MessageUnconfirmed extends JobEventBase, AttemptOutcome {
  type: "MessageUnconfirmed";
  error: JobError;
}
export interface ExecutionJobRequeued extends JobEventBase {
  type: "ExecutionJobRequeued";
  reason: string;
}

export type DomainEvent =
  | MessageIntentCreated
  | MessageIntentApproved
  | MessageIntentQueued
  | MessageIntentBlocked
  | MessageIntentDropped
  | ExecutionJobCreated
  | MessageSent
  | MessageFailed
  | MessageUnconfirmed
  | ExecutionJobRequeued;

export type DomainEventType = DomainEvent["type"];
