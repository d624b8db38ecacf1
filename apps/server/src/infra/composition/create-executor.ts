import { randomUUID } from "node:crypto";
import { RetryPolicy } from "../../application/policies/retry-policy";
import { type Clock, systemClock } from "../../application/ports/clock";
import type { IdGenerator } from "../../application/ports/id-generator";
import type { ProviderRegistry } from "../../application/ports/provider-registry";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import { CreateExecutionJobUseCase } from "../../application/use-cases/create-execution-job";
import { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import { CreateMessageIntentsBatchUseCase } from "../../application/use-cases/create-message-intents-batch";
import { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import { ExecuteMessageIntentUseCase } from "../../application/use-cases/execute-message-intent";
import { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import { RetryFailedExecutionUseCase } from "../../application/use-cases/retry-failed-execution";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import { ApiKeys } from "../auth/api-keys";
import { InProcessEventBus } from "../events/in-process-event-bus";
import type { HttpDependencies } from "../http/http-dependencies";
import type { Logger } from "../logging/logger";
import { MessageExecutorWorker } from "../worker/message-executor-worker";

export interface ExecutorSettings {
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  workerId: string;
  workerConcurrency: number;
  workerPollIntervalMs: number;
  leaseMs: number;
}

export interface ExecutorParts {
  uow: UnitOfWork;
  repos: Repositories;
  apiKeys: ApiKeyRepository;
  providers: ProviderRegistry;
  logger: Logger;
  checkDatabase: () => Promise<void>;
  settings: ExecutorSettings;
  clock?: Clock;
  newId?: IdGenerator;
}

/** Wires adapters into use cases; used by main.ts and by tests that run the whole executor. */
export function createExecutor(parts: ExecutorParts) {
  const { uow, repos, providers, logger, settings } = parts;
  const clock = parts.clock ?? systemClock;
  const newId = parts.newId ?? randomUUID;
  const bus = new InProcessEventBus((error, event) =>
    logger.error({ err: error, eventType: event.type, intentId: event.intentId }, "event subscriber failed"),
  );
  const policy = new RetryPolicy({
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
  });
  const retryFailed = new RetryFailedExecutionUseCase(repos.jobs, policy, clock, bus);
  const execute = new ExecuteMessageIntentUseCase(repos.jobs, providers, retryFailed, clock, bus);
  const worker = new MessageExecutorWorker(
    { jobs: repos.jobs, execute, clock, newId, logger },
    {
      workerId: settings.workerId,
      concurrency: settings.workerConcurrency,
      pollIntervalMs: settings.workerPollIntervalMs,
      leaseMs: settings.leaseMs,
      maxAttempts: settings.maxAttempts,
      reconcileIntervalMs: 5_000,
    },
  );
  // A job created in this process is runnable at once: do not wait for the next poll.
  bus.subscribe((event) => {
    if (event.type === "ExecutionJobCreated" || event.type === "ExecutionJobRequeued") worker.wake();
  });
  const http: HttpDependencies = {
    repos,
    createIntent: new CreateMessageIntentUseCase(uow, clock, newId, bus),
    createIntentsBatch: new CreateMessageIntentsBatchUseCase(uow, clock, newId, bus, settings.maxAttempts),
    approveIntent: new ApproveMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    decideIntent: new DecideMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    getIntentDetails: new GetIntentDetailsQuery(repos),
    registerInstance: new RegisterInstanceUseCase(uow, providers, clock, newId),
    requeueJob: new RequeueJobUseCase(uow, clock, bus, settings.maxAttempts),
    apiKeys: new ApiKeys(parts.apiKeys, clock),
    checkDatabase: parts.checkDatabase,
  };
  const createJob = new CreateExecutionJobUseCase(uow, clock, newId, bus, settings.maxAttempts);
  return { bus, worker, http, execute, retryFailed, createJob };
}

export type Executor = ReturnType<typeof createExecutor>;
