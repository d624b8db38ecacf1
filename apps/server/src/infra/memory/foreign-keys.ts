import type { InMemoryState } from "./in-memory-state";

// The in-memory tables refuse a reference to a missing row, as the database's foreign keys do.

export function requireInstance(state: InMemoryState, id: string): void {
  if (!state.instances.has(id)) throw new Error(`foreign key violation: no instance ${id}`);
}

export function requireIntent(state: InMemoryState, id: string): void {
  if (!state.intents.has(id)) throw new Error(`foreign key violation: no message intent ${id}`);
}
