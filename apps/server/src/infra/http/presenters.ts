import type { MessageIntent, MessageIntentProps } from "../../domain/intent/message-intent";
import type { MessageContent } from "../../domain/intent/message-payload";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Page } from "../../domain/shared/page";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";

/** The API's JSON shapes; dates become ISO strings through JSON. */
export const presentIntent = (intent: MessageIntent) => intent.toProps();
export const presentJob = (job: MessageExecutionJob) => job.toProps();

/** A job as lists show it: its intent's content and receipts beside it. */
export function presentJobWithMessage(job: MessageExecutionJob, intent: MessageIntentProps | undefined) {
  // type and payload travel together: picked as one MessageContent, not as two loose fields.
  const content = intent ? ({ type: intent.type, payload: intent.payload } as MessageContent) : null;
  const message =
    intent && content
      ? { ...content, sentAt: intent.sentAt, deliveredAt: intent.deliveredAt, readAt: intent.readAt }
      : null;
  return { ...job.toProps(), message };
}

export function presentTimelineEntry(entry: TimelineEntry) {
  const { type, occurredAt, actor, organizationId: _org, ...fields } = entry.event;
  const { intentId: _intent, ...data } = fields as { intentId?: string };
  return { id: entry.id, type, occurredAt, actor, data };
}

export function presentPage<T, R>(page: Page<T>, present: (item: T) => R) {
  return { ...page, items: page.items.map(present) };
}
