import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";
import { eventFromJson, eventToJson } from "../database/mappers/domain-event-json";
import type { InMemoryState, StoredTimelineEvent } from "./in-memory-state";

/** Shared by the timeline repository and the job outcomes, which record their events themselves. */
export function appendTimeline(state: InMemoryState, events: readonly DomainEvent[]): void {
  for (const event of events) {
    state.lastTimelineId += 1;
    state.timeline.push({ id: state.lastTimelineId, intentId: event.intentId, data: eventToJson(event) });
  }
}

export function timelineEntryOf(stored: StoredTimelineEvent): TimelineEntry {
  return { id: String(stored.id), event: eventFromJson(stored.data) };
}
