import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { TimelineEntry } from "../../../domain/timeline/timeline-entry";
import type { NewTimelineEventRow, TimelineEventRow } from "../schema";
import { eventFromJson, eventToJson } from "./domain-event-json";

export function timelineRowFor(event: DomainEvent): NewTimelineEventRow {
  return {
    organizationId: event.organizationId,
    intentId: "intentId" in event ? event.intentId : null,
    jobId: "jobId" in event ? event.jobId : null,
    type: event.type,
    actor: event.actor,
    data: eventToJson(event),
    occurredAt: event.occurredAt,
  };
}

export function timelineEntryFromRow(row: TimelineEventRow): TimelineEntry {
  return { id: String(row.id), event: eventFromJson(row.data) };
}
