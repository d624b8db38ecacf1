import { randomUUID } from "node:crypto";
import type { Instance } from "../../src/domain/instance/instance";
import { MessageIntent } from "../../src/domain/intent/message-intent";
import type { IntentPurpose } from "../../src/domain/intent/message-payload";
import type { JobError } from "../../src/domain/job/job-error";
import { jobEventBase } from "../../src/domain/job/job-event-base";
import type { JobFence } from "../../src/domain/job/job-fence";
import {
  MessageExecutionJob,
  type MessageExecutionJobProps,
} from "../../src/domain/job/message-execution-job";
import type { MessageFailed, MessageSent, MessageUnconfirmed } from "../../src/domain/timeline/domain-event";

/**
 * Tests run on a fixed clock; `at(s)` is `s` seconds after it. It lies in the past, so that a job
 * created at T0 is due on the database's clock, which decides claims.
 */
export const T0 = new Date("2020-01-01T00:00:00.000Z");
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

export const ORG = "org-1";

export function anInstance(overrides: Partial<Instance> = {}): Instance {
  const id = randomUUID();
  return {
    id,
    organizationId: ORG,
    name: `instance-${id.slice(0, 8)}`,
    provider: "turbozap",
    status: "connected",
    phoneNumber: null,
    paused: false,
    hold: null,
    pacing: null,
    warmup: null,
    sendingWindow: null,
    checkRecipients: false,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

let nextPhone = 0;

/** Each intent goes to its own lead unless `phone` says otherwise (same-lead intents are sent in order). */
export function anIntent(
  options: { organizationId?: string; now?: Date; phone?: string; purpose?: IntentPurpose } = {},
): MessageIntent {
  nextPhone += 1;
  return MessageIntent.create({
    id: randomUUID(),
    organizationId: options.organizationId ?? ORG,
    target: { kind: "PHONE", value: options.phone ?? `+55 11 9${String(nextPhone).padStart(4, "0")}-0000` },
    purpose: options.purpose ?? "DISPATCH",
    content: {
      type: "MEDIA",
      payload: { mediaUrl: "https://example.test/a.png", mimeType: "image/png", caption: "hi" },
    },
    now: options.now ?? T0,
  }).intent;
}

export function anApprovedIntent(instance: Instance, now: Date = T0, phone?: string): MessageIntent {
  const intent = anIntent({ organizationId: instance.organizationId, now, ...(phone ? { phone } : {}) });
  intent.approve(instance.id, now, "test");
  return intent;
}

export function aJobFor(
  intent: MessageIntent,
  instance: Instance,
  options: { now?: Date; maxAttempts?: number } = {},
) {
  return MessageExecutionJob.create({
    id: randomUUID(),
    intent,
    provider: instance.provider,
    maxAttempts: options.maxAttempts ?? 3,
    now: options.now ?? T0,
  });
}

export const AN_ERROR: JobError = { code: "HTTP_500", message: "gateway error" };

/** An attempt's event base, as the worker's attempt builds it. */
function attemptEventBase(job: MessageExecutionJobProps, fence: JobFence, now: Date) {
  return { ...jobEventBase(job, now, `worker:${fence.lockedBy}`), attempt: fence.attempt };
}

export function sentEvent(
  job: MessageExecutionJobProps,
  fence: JobFence,
  providerMessageId: string,
  now: Date,
): MessageSent {
  return { ...attemptEventBase(job, fence, now), type: "MessageSent", providerMessageId };
}

export function failedEvent(
  job: MessageExecutionJobProps,
  fence: JobFence,
  now: Date,
  nextAttemptAt: Date | null = null,
): MessageFailed {
  return {
    ...attemptEventBase(job, fence, now),
    type: "MessageFailed",
    error: AN_ERROR,
    willRetry: nextAttemptAt !== null,
    nextAttemptAt,
  };
}

export function unconfirmedEvent(
  job: MessageExecutionJobProps,
  fence: JobFence,
  now: Date,
): MessageUnconfirmed {
  return { ...attemptEventBase(job, fence, now), type: "MessageUnconfirmed", error: AN_ERROR };
}
