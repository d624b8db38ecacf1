import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import { inMemoryRepositoriesOver } from "./create-in-memory-repositories";
import type { InMemoryStore } from "./in-memory-store";

/** Units run one at a time over the shared store; a unit that throws leaves no trace. */
export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(private readonly store: InMemoryStore) {}

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.store.transaction((access) => work(inMemoryRepositoriesOver(access)));
  }
}
