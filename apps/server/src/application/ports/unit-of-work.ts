import type { GatewayEventRepository } from "../../domain/gateway/gateway-event-repository";
import type { InstanceRepository } from "../../domain/instance/instance-repository";
import type { MessageIntentRepository } from "../../domain/intent/message-intent-repository";
import type { MessageExecutionJobRepository } from "../../domain/job/message-execution-job-repository";
import type { TimelineRepository } from "../../domain/timeline/timeline-repository";
import type { IdempotencyRepository } from "./idempotency-repository";
import type { RecipientCheckRepository } from "./recipient-check-repository";

export interface Repositories {
  intents: MessageIntentRepository;
  jobs: MessageExecutionJobRepository;
  instances: InstanceRepository;
  timeline: TimelineRepository;
  idempotency: IdempotencyRepository;
  gatewayEvents: GatewayEventRepository;
  recipientChecks: RecipientCheckRepository;
}

/** Runs `work` in one transaction: all of its writes commit together or none does. */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
