/** The API's JSON shapes, as the server presents them (dates are ISO strings). */

/*
 * The status lists mirror the API's enums; the OpenAPI document (/openapi.json) is their source. They are
 * copied rather than imported because this Vite app does not build against the server's sources.
 */
export const INTENT_STATUSES = [
  "PENDING",
  "APPROVED",
  "QUEUED",
  "BLOCKED",
  "DROPPED",
  "SENT",
  "FAILED",
] as const;
export const JOB_STATUSES = [
  "PENDING",
  "PROCESSING",
  "SENT",
  "FAILED",
  "RETRY",
  "UNCONFIRMED",
  "CANCELLED",
] as const;
export const PURPOSES = ["DISPATCH", "WARMUP", "SCHEDULE"] as const;
/** The lists' delivery filter: what the recipient's phone reported. */
export const DELIVERY_STATES = ["delivered", "read", "no-receipt", "not-yet"] as const;

export type IntentStatus = (typeof INTENT_STATUSES)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Target {
  kind: "PHONE" | "GROUP";
  value: string;
}

export type Content =
  | { type: "TEXT"; payload: { text: string } }
  | { type: "MEDIA"; payload: { mediaUrl: string; mimeType: string; caption?: string; fileName?: string } }
  | { type: "AUDIO"; payload: { audioUrl: string; ptt?: boolean } }
  | { type: "REACTION"; payload: { messageRef: string; emoji: string } };

export type Intent = {
  id: string;
  target: Target;
  purpose: string;
  priority: "HIGH" | "NORMAL" | "LOW";
  status: IntentStatus;
  decidedByInstanceId: string | null;
  blockedReason: string | null;
  queuedUntil: string | null;
  sendAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  failedAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  playedAt: string | null;
  rejectedAt: string | null;
} & Content;

export interface JobError {
  code: string;
  message: string;
}

/** What the recipient's phone reported about a message, beside its status. */
export interface Receipts {
  status: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
}

/** A job as lists show it: with its intent's content and receipts. */
export type JobListItem = Job & {
  message: (Content & { sentAt: string | null; deliveredAt: string | null; readAt: string | null }) | null;
};

export interface Job {
  id: string;
  intentId: string;
  instanceId: string;
  provider: string;
  /** The lead as the gateway sees it: a phone's digits or a group's JID. */
  recipient: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: JobError | null;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  dispatchedAt: string | null;
  providerMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  executedAt: string | null;
}

export interface TimelineEntry {
  id: number | string;
  type: string;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

export type IntentDetails = Intent & {
  job: Job | null;
  timeline: TimelineEntry[];
};

export interface Instance {
  id: string;
  name: string;
  provider: string;
  status: string;
  phoneNumber: string | null;
  paused: boolean;
  /** Set while the gateway says the number cannot send: its jobs wait, no attempt spent. */
  hold: InstanceHold | null;
  pacing: Pacing | null;
  sendingWindow: SendingWindow | null;
  /** Ask the gateway whether a number is on WhatsApp before its first send. */
  checkRecipients: boolean;
}

/** A number's pacing: a gap (plus jitter) between sends, caps per rolling minute/hour/day, typing first. */
export interface Pacing {
  minIntervalMs: number;
  jitterMs: number;
  maxPerMinute: number | null;
  maxPerHour: number | null;
  maxPerDay: number | null;
  typing: boolean;
}

/** Sends only on these ISO weekdays (1 = Monday) between start and end, local time in timeZone. */
export interface SendingWindow {
  timeZone: string;
  days: number[];
  start: string;
  end: string;
}

/** PATCH /v1/instances/{id}: what is given changes; null removes a setting. */
export interface InstanceChanges {
  name?: string;
  pacing?: Pacing | null;
  sendingWindow?: SendingWindow | null;
  checkRecipients?: boolean;
}

export interface InstanceHold {
  since: string;
  code: string;
  message: string;
}

export interface InstanceList {
  items: Instance[];
  /** The whole organization is paused: no instance of it sends, whatever its own flag. */
  organizationPaused: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Rows the whole filter matches, counted up to a cap; `totalCapped`: there are more. */
  total: number;
  totalCapped: boolean;
}

export interface Overview {
  generatedAt: string;
  intents: Record<string, number>;
  jobs: Record<string, number>;
  sentPerMinute: { minute: string; count: number }[];
  failuresByCode: { code: string; count: number }[];
  runnable: { count: number; oldestAgeMs: number | null };
  unconfirmed: number;
  lanes: {
    instanceId: string;
    name: string;
    status: string;
    inFlight: number;
    waiting: number;
    sentLastHour: number;
    health: LaneHealth;
  }[];
}

/** A number's last hour: failed jobs; of its sends, delivered, read, and without any receipt after 10 min. */
export interface LaneHealth {
  failed: number;
  delivered: number;
  read: number;
  withoutReceipt: number;
}

export const WEBHOOK_EVENT_TYPES = [
  "MessageSent",
  "MessageFailed",
  "MessageUnconfirmed",
  "MessageDelivered",
  "MessageRead",
  "MessagePlayed",
  "MessageRejected",
  "MessageIntentApproved",
  "MessageIntentQueued",
  "MessageIntentBlocked",
] as const;

export interface ApiKey {
  id: string;
  label: string;
  /** The secret's first characters, to recognise it; the secret itself is shown once, at creation. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The key this dashboard signed in with. */
  current: boolean;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  status: "PENDING" | "DELIVERING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  log: { attempt: number; startedAt: string; statusCode: number | null; error: string | null }[];
}
