import type { DomainEvent } from "../../../domain/timeline/domain-event";

export type DomainEventJson = Record<string, unknown>;

// Every Date-typed field of any DomainEvent; JSON turns them into ISO strings on the way in.
const DATE_FIELDS = [
  "occurredAt",
  "queuedUntil",
  "nextAttemptAt",
  "approvedAt",
  "sendAt",
  "heldSince",
] as const;

/** The event as stored in `timeline_event.data`: plain JSON, dates as ISO strings. */
export function eventToJson(event: DomainEvent): DomainEventJson {
  return JSON.parse(JSON.stringify(event)) as DomainEventJson;
}

export function eventFromJson(json: DomainEventJson): DomainEvent {
  const event: Record<string, unknown> = { ...json };
  for (const field of DATE_FIELDS) {
    const value = event[field];
    if (typeof value === "string") event[field] = new Date(value);
  }
  return event as unknown as DomainEvent;
}
