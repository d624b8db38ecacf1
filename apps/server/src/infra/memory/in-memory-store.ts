import { emptyState, type InMemoryState } from "./in-memory-state";
import { Mutex } from "./mutex";

/** How repositories reach the state: each operation runs whole, without interleaving. */
export type StoreAccess = <T>(operation: (state: InMemoryState) => T) => Promise<T>;

/**
 * The shared state behind the in-memory repositories. A unit of work holds it alone until it ends
 * (like PGlite's single connection); a single repository call outside a unit waits for it, so a
 * rollback can never erase a write that did not belong to the unit.
 */
export class InMemoryStore {
  private state: InMemoryState = emptyState();
  private readonly mutex = new Mutex();

  readonly access: StoreAccess = (operation) => this.mutex.run(async () => operation(this.state));

  /** Runs `work` alone; if it throws, the state is put back as it was before it started. */
  transaction<T>(work: (access: StoreAccess) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const snapshot = structuredClone(this.state);
      try {
        return await work(async (operation) => operation(this.state));
      } catch (error) {
        this.state = snapshot;
        throw error;
      }
    });
  }
}
