import type { DomainEvent } from "../../domain/timeline/domain-event";

/**
 * In-process fan-out of events that are already committed (the timeline holds the durable copy).
 * A failing subscriber never fails the publisher.
 */
export interface DomainEventBus {
  publish(events: readonly DomainEvent[]): void;
  subscribe(handler: (event: DomainEvent) => void): () => void;
}
