import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";
import type { TimelineRepository } from "../../domain/timeline/timeline-repository";
import type { StoreAccess } from "./in-memory-store";
import { appendTimeline, timelineEntryOf } from "./timeline-rows";

export class InMemoryTimelineRepository implements TimelineRepository {
  constructor(private readonly access: StoreAccess) {}

  append(events: readonly DomainEvent[]): Promise<void> {
    return this.access((state) => appendTimeline(state, events));
  }

  listForIntent(intentId: string): Promise<TimelineEntry[]> {
    return this.access((state) =>
      state.timeline.filter((stored) => stored.intentId === intentId).map(timelineEntryOf),
    );
  }
}
