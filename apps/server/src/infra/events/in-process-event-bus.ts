import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type { DomainEvent } from "../../domain/timeline/domain-event";

/** Synchronous fan-out; a subscriber that throws is reported and skipped, never the publisher's problem. */
export class InProcessEventBus implements DomainEventBus {
  private readonly handlers = new Set<(event: DomainEvent) => void>();

  constructor(private readonly onHandlerError: (error: unknown, event: DomainEvent) => void = () => {}) {}

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) {
      for (const handler of this.handlers) {
        try {
          handler(event);
        } catch (error) {
          this.onHandlerError(error, event);
        }
      }
    }
  }

  subscribe(handler: (event: DomainEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
