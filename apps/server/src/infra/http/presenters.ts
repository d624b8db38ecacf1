import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { Page } from "../../domain/shared/page";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";

/** The API's JSON shapes; dates become ISO strings through JSON. */
export const presentIntent = (intent: MessageIntent) => intent.toProps();
export const presentJob = (job: MessageExecutionJob) => job.toProps();

export function presentTimelineEntry(entry: TimelineEntry) {
  const { type, occurredAt, actor, organizationId: _org, ...fields } = entry.event;
  const { intentId: _intent, ...data } = fields as { intentId?: string };
  return { id: entry.id, type, occurredAt, actor, data };
}

export function presentPage<T, R>(page: Page<T>, present: (item: T) => R) {
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}
