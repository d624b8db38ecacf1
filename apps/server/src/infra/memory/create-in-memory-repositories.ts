import type { Repositories } from "../../application/ports/unit-of-work";
import { InMemoryGatewayEventRepository } from "./in-memory-gateway-event-repository";
import { InMemoryIdempotencyRepository } from "./in-memory-idempotency-repository";
import { InMemoryInstanceRepository } from "./in-memory-instance-repository";
import { InMemoryMessageExecutionJobRepository } from "./in-memory-message-execution-job-repository";
import { InMemoryMessageIntentRepository } from "./in-memory-message-intent-repository";
import type { InMemoryStore, StoreAccess } from "./in-memory-store";
import { InMemoryTimelineRepository } from "./in-memory-timeline-repository";

/** Repositories over `store`, outside any unit of work: each call is atomic on its own. */
export function createInMemoryRepositories(store: InMemoryStore): Repositories {
  return inMemoryRepositoriesOver(store.access);
}

/** Repositories reaching the state through `access` (the store's, or one unit of work's). */
export function inMemoryRepositoriesOver(access: StoreAccess): Repositories {
  return {
    intents: new InMemoryMessageIntentRepository(access),
    jobs: new InMemoryMessageExecutionJobRepository(access),
    instances: new InMemoryInstanceRepository(access),
    timeline: new InMemoryTimelineRepository(access),
    idempotency: new InMemoryIdempotencyRepository(access),
    gatewayEvents: new InMemoryGatewayEventRepository(access),
  };
}
