import type { DomainEvent } from "./domain-event";
import type { TimelineEntry } from "./timeline-entry";

export interface TimelineRepository {
  append(events: readonly DomainEvent[]): Promise<void>;
  listForIntent(intentId: string): Promise<TimelineEntry[]>;
}
