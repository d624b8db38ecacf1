import { randomUUID } from "node:crypto";
import { RetryPolicy } from "../../application/policies/retry-policy";
import { type Clock, systemClock } from "../../application/ports/clock";
import type { IdGenerator } from "../../application/ports/id-generator";
import type { WebhookTarget } from "../../application/ports/instance-gateway-port";
import type { ProviderRegistry } from "../../application/ports/provider-registry";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import { ConfirmSendFromGatewayUseCase } from "../../application/use-cases/confirm-send-from-gateway";
import { CreateExecutionJobUseCase } from "../../application/use-cases/create-execution-job";
import { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import { ExecuteMessageIntentUseCase } from "../../application/use-cases/execute-message-intent";
import { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import { ReconcileGatewayEventsUseCase } from "../../application/use-cases/reconcile-gateway-events";
import { RecordDeliveryReceiptUseCase } from "../../application/use-cases/record-delivery-receipt";
import { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import { RetryFailedExecutionUseCase } from "../../application/use-cases/retry-failed-execution";
import { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";
import { InProcessEventBus } from "../events/in-process-event-bus";
import { GatewayEventReconciler } from "../gateway/gateway-event-reconciler";
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
  /** How often kept gateway reports are looked at again; default 5 s. */
  gatewayReconcileIntervalMs?: number;
}

/** Inbound gateway webhooks: the secret they must present, and where we ask the gateway to post them. */
export interface WebhookSettings {
  secret: string | null;
  /** Read at each instance registration; null when we have no address the gateway can reach. */
  target: () => WebhookTarget | null;
}

export interface ExecutorParts {
  uow: UnitOfWork;
  repos: Repositories;
  providers: ProviderRegistry;
  logger: Logger;
  checkDatabase: () => Promise<void>;
  settings: ExecutorSettings;
  webhooks?: WebhookSettings;
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
  const webhooks = parts.webhooks ?? { secret: null, target: () => null };
  const confirmSend = new ConfirmSendFromGatewayUseCase(repos, clock, bus);
  const recordReceipt = new RecordDeliveryReceiptUseCase(repos, clock, bus);
  const reconcileGatewayEvents = new ReconcileGatewayEventsUseCase(repos, confirmSend, recordReceipt, clock, {
    batchSize: 200,
    giveUpAfterMs: 24 * 3_600_000,
  });
  const gatewayReconciler = new GatewayEventReconciler(
    reconcileGatewayEvents,
    logger,
    settings.gatewayReconcileIntervalMs ?? 5_000,
  );
  const http: HttpDependencies = {
    repos,
    createIntent: new CreateMessageIntentUseCase(uow, clock, newId, bus),
    approveIntent: new ApproveMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    decideIntent: new DecideMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    getIntentDetails: new GetIntentDetailsQuery(repos),
    registerInstance: new RegisterInstanceUseCase(uow, providers, clock, newId, webhooks.target),
    requeueJob: new RequeueJobUseCase(uow, clock, bus, settings.maxAttempts),
    webhooks: {
      secret: webhooks.secret,
      confirmSend,
      recordReceipt,
      updateConnection: new UpdateInstanceConnectionUseCase(repos, clock),
    },
    checkDatabase: parts.checkDatabase,
  };
  const createJob = new CreateExecutionJobUseCase(uow, clock, newId, bus, settings.maxAttempts);
  return { bus, worker, http, execute, retryFailed, createJob, reconcileGatewayEvents, gatewayReconciler };
}

export type Executor = ReturnType<typeof createExecutor>;
