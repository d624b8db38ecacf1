import { IllegalTransitionError } from "../shared/domain-error";
import type {
  MessageIntentApproved,
  MessageIntentBlocked,
  MessageIntentCreated,
  MessageIntentDropped,
  MessageIntentQueued,
} from "../timeline/domain-event";
import { defaultPriorityFor, type IntentPriority } from "./intent-priority";
import type { IntentStatus } from "./intent-status";
import type { IntentPurpose, MessageContent } from "./message-payload";
import type { MessageTarget } from "./message-target";

export type MessageIntentProps = {
  id: string;
  organizationId: string;
  target: MessageTarget;
  purpose: IntentPurpose;
  priority: IntentPriority;
  status: IntentStatus;
  decidedByInstanceId: string | null;
  blockedReason: string | null;
  queuedUntil: Date | null;
  /** Not before this time; null: as soon as approved. */
  sendAt: Date | null;
  /** Show "typing…" before the send; null: the default (the instance's, else the organization's). */
  typing: boolean | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  playedAt: Date | null;
  /** The creator's W3C trace context, kept so that the send, however much later, links back to it. */
  traceparent: string | null;
} & MessageContent;

export interface NewMessageIntent {
  id: string;
  organizationId: string;
  target: MessageTarget;
  purpose: IntentPurpose;
  /** Defaults by purpose (see defaultPriorityFor). */
  priority?: IntentPriority | undefined;
  sendAt?: Date | null | undefined;
  typing?: boolean | null | undefined;
  content: MessageContent;
  now: Date;
  traceparent?: string | null | undefined;
}

/** What an approval may change besides the decision; a field left out keeps the intent's value. */
export interface ApprovalOptions {
  /** Reschedules the intent (null: at once). */
  sendAt?: Date | null | undefined;
  /** null: back to the default. */
  typing?: boolean | null | undefined;
}

/**
 * What upstream wants sent. Its status moves only through these methods, each of which
 * refuses an illegal move and returns the event to record.
 */
export class MessageIntent {
  private constructor(private props: MessageIntentProps) {}

  static create(input: NewMessageIntent): { intent: MessageIntent; event: MessageIntentCreated } {
    const intent = new MessageIntent({
      id: input.id,
      organizationId: input.organizationId,
      target: input.target,
      purpose: input.purpose,
      priority: input.priority ?? defaultPriorityFor(input.purpose),
      ...input.content,
      status: "PENDING",
      decidedByInstanceId: null,
      blockedReason: null,
      queuedUntil: null,
      sendAt: input.sendAt ?? null,
      typing: input.typing ?? null,
      createdAt: input.now,
      updatedAt: input.now,
      sentAt: null,
      failedAt: null,
      deliveredAt: null,
      readAt: null,
      playedAt: null,
      traceparent: input.traceparent ?? null,
    });
    return { intent, event: { ...intent.eventBase(input.now, "api"), type: "MessageIntentCreated" } };
  }

  static fromProps(props: MessageIntentProps): MessageIntent {
    return new MessageIntent({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get status(): IntentStatus {
    return this.props.status;
  }
  get organizationId(): string {
    return this.props.organizationId;
  }
  get decidedByInstanceId(): string | null {
    return this.props.decidedByInstanceId;
  }

  toProps(): MessageIntentProps {
    return { ...this.props };
  }

  /** Both a fresh intent and one whose queue time came may be approved. */
  approve(
    instanceId: string,
    now: Date,
    actor: string,
    options: ApprovalOptions = {},
  ): MessageIntentApproved {
    this.requireStatus(["PENDING", "QUEUED"], "APPROVED");
    this.props = {
      ...this.props,
      sendAt: options.sendAt === undefined ? this.props.sendAt : options.sendAt,
      typing: options.typing === undefined ? this.props.typing : options.typing,
      status: "APPROVED",
      decidedByInstanceId: instanceId,
      queuedUntil: null,
      blockedReason: null,
      updatedAt: now,
    };
    return {
      ...this.eventBase(now, actor),
      type: "MessageIntentApproved",
      instanceId,
      sendAt: this.props.sendAt,
    };
  }

  queue(reason: string, until: Date | null, now: Date, actor: string): MessageIntentQueued {
    this.requireStatus(["PENDING", "QUEUED"], "QUEUED");
    this.props = {
      ...this.props,
      status: "QUEUED",
      queuedUntil: until,
      blockedReason: reason,
      updatedAt: now,
    };
    return { ...this.eventBase(now, actor), type: "MessageIntentQueued", reason, queuedUntil: until };
  }

  block(reason: string, now: Date, actor: string): MessageIntentBlocked {
    this.requireStatus(["PENDING", "QUEUED"], "BLOCKED");
    this.props = { ...this.props, status: "BLOCKED", blockedReason: reason, updatedAt: now };
    return { ...this.eventBase(now, actor), type: "MessageIntentBlocked", reason };
  }

  drop(reason: string, now: Date, actor: string): MessageIntentDropped {
    this.requireStatus(["PENDING", "QUEUED", "APPROVED", "BLOCKED"], "DROPPED");
    this.props = { ...this.props, status: "DROPPED", blockedReason: reason, updatedAt: now };
    return { ...this.eventBase(now, actor), type: "MessageIntentDropped", reason };
  }

  markSent(now: Date): void {
    this.requireStatus(["APPROVED"], "SENT");
    this.props = { ...this.props, status: "SENT", sentAt: now, updatedAt: now };
  }

  /** An operator retried a failed job: the intent is in flight again. */
  reopen(now: Date): void {
    this.requireStatus(["FAILED", "APPROVED"], "APPROVED");
    this.props = { ...this.props, status: "APPROVED", failedAt: null, updatedAt: now };
  }

  private requireStatus(allowed: readonly IntentStatus[], to: IntentStatus): void {
    if (!allowed.includes(this.props.status)) {
      throw new IllegalTransitionError("MessageIntent", this.props.status, to);
    }
  }

  private eventBase(now: Date, actor: string) {
    return { organizationId: this.props.organizationId, intentId: this.props.id, occurredAt: now, actor };
  }
}
