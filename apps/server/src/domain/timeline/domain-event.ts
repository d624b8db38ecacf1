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
  /** When the job becomes due; null: at once. */
  sendAt: Date | null;
}
export interface MessageIntentQueued extends IntentEventBase {
  type: "MessageIntentQueued";
  reason: string;
  queuedUntil: Date | null;
}
/** A QUEUED intent's time came: it is PENDING again, before the gate. */
export interface MessageIntentReturnedToGate extends IntentEventBase {
  type: "MessageIntentReturnedToGate";
  queuedUntil: Date;
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
/**
 * What an attempt's outcome adds: how long the provider call took, when the executor measured it,
 * and how long "typing…" showed before it (absent: none), which a number's pacing gap includes.
 */
interface AttemptOutcome {
  attempt: number;
  durationMs?: number;
  typingMs?: number;
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
/** The gateway's own `send.message` report settled an attempt whose answer we never got. */
export interface MessageConfirmedByGateway extends JobEventBase {
  type: "MessageConfirmedByGateway";
  attempt: number;
  providerMessageId: string;
}
interface ReceiptEventBase extends JobEventBase {
  providerMessageId: string;
}
export interface MessageDelivered extends ReceiptEventBase {
  type: "MessageDelivered";
}
export interface MessageRead extends ReceiptEventBase {
  type: "MessageRead";
}
export interface MessagePlayed extends ReceiptEventBase {
  type: "MessagePlayed";
}
export type MessageReceiptEvent = MessageDelivered | MessageRead | MessagePlayed;
export interface ExecutionJobRequeued extends JobEventBase {
  type: "ExecutionJobRequeued";
  reason: string;
}

/** An operator settled an UNCONFIRMED job as sent (a MessageSent follows it). */
export interface ExecutionJobConfirmed extends JobEventBase {
  type: "ExecutionJobConfirmed";
  reason: string;
  providerMessageId: string | null;
}
/** An operator decided an UNCONFIRMED job had not gone out and sends it again. */
export interface ExecutionJobResent extends JobEventBase {
  type: "ExecutionJobResent";
  reason: string;
}
/** An operator cancelled a job that had not run yet (its intent is dropped). */
export interface ExecutionJobCancelled extends JobEventBase {
  type: "ExecutionJobCancelled";
  reason: string;
}

/** What every event about a number (not about one message) carries. */
interface InstanceEventBase {
  organizationId: string;
  instanceId: string;
  occurredAt: Date;
  actor: string;
}
/** The gateway said the number (or its whole gateway) cannot send now: its jobs wait unclaimed. */
export interface InstanceDisconnected extends InstanceEventBase {
  type: "InstanceDisconnected";
  error: JobError;
}
/** The hold lifted: the number can send again and its waiting jobs are claimable. */
export interface InstanceReconnected extends InstanceEventBase {
  type: "InstanceReconnected";
  heldSince: Date;
}
export type InstanceEvent = InstanceDisconnected | InstanceReconnected;

export type DomainEvent =
  | MessageIntentCreated
  | MessageIntentApproved
  | MessageIntentQueued
  | MessageIntentReturnedToGate
  | MessageIntentBlocked
  | MessageIntentDropped
  | ExecutionJobCreated
  | MessageSent
  | MessageFailed
  | MessageUnconfirmed
  | ExecutionJobRequeued
  | ExecutionJobConfirmed
  | ExecutionJobResent
  | ExecutionJobCancelled
  | MessageConfirmedByGateway
  | MessageReceiptEvent
  | InstanceEvent;

export type DomainEventType = DomainEvent["type"];
