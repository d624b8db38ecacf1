import type { DomainEvent } from "./domain-event";

/** A stored domain event: the durable trace of one message. `id` grows monotonically (resumable streams). */
export interface TimelineEntry {
  id: string;
  event: DomainEvent;
}
