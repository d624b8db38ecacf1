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
export interface MessageSent extends JobEventBase {
  type: "MessageSent";
  attempt: number;
  providerMessageId: string;
}
export interface MessageFailed extends JobEventBase {
  type: "MessageFailed";
  attempt: number;
  error: JobError;
  willRetry: boolean;
  nextAttemptAt: Date | null;
}
export interface MessageUnconfirmed extends JobEventBase {
  type: "MessageUnconfirmed";
  attempt: number;
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
