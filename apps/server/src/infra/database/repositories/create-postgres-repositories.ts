import type { Repositories } from "../../../application/ports/unit-of-work";
import type { Db } from "../database";
import { PostgresGatewayEventRepository } from "./postgres-gateway-event-repository";
import { PostgresIdempotencyRepository } from "./postgres-idempotency-repository";
import { PostgresInstanceRepository } from "./postgres-instance-repository";
import { PostgresMessageExecutionJobRepository } from "./postgres-message-execution-job-repository";
import { PostgresMessageIntentRepository } from "./postgres-message-intent-repository";
import { PostgresRecipientCheckRepository } from "./postgres-recipient-check-repository";
import { PostgresTimelineRepository } from "./postgres-timeline-repository";

/** Repositories over `db`: the database itself (each call its own transaction) or one open transaction. */
export function createPostgresRepositories(db: Db): Repositories {
  return {
    intents: new PostgresMessageIntentRepository(db),
    jobs: new PostgresMessageExecutionJobRepository(db),
    instances: new PostgresInstanceRepository(db),
    timeline: new PostgresTimelineRepository(db),
    idempotency: new PostgresIdempotencyRepository(db),
    gatewayEvents: new PostgresGatewayEventRepository(db),
    recipientChecks: new PostgresRecipientCheckRepository(db),
  };
}
