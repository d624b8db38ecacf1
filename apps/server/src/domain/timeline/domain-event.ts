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
  | MessageConfirmedByGateway
  | MessageReceiptEvent
  | ExecutionJobRequeued;

export type DomainEventType = DomainEvent["type"];
