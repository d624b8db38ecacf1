import { randomUUID } from "node:crypto";
import { RetryPolicy } from "../../application/policies/retry-policy";
import { type Clock, systemClock } from "../../application/ports/clock";
import type { IdGenerator } from "../../application/ports/id-generator";
import type { WebhookTarget } from "../../application/ports/instance-gateway-port";
import type { JobQueue } from "../../application/ports/job-queue";
import type { OverviewStatsReader } from "../../application/ports/overview-stats-reader";
import type { ProviderRegistry } from "../../application/ports/provider-registry";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import { AttemptClaimedJobUseCase } from "../../application/use-cases/attempt-claimed-job";
import { BulkRetryJobsUseCase } from "../../application/use-cases/bulk-retry-jobs";
import { CancelJobUseCase } from "../../application/use-cases/cancel-job";
import { ConfirmJobUseCase } from "../../application/use-cases/confirm-job";
import { ConfirmSendFromGatewayUseCase } from "../../application/use-cases/confirm-send-from-gateway";
import { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import { CreateMessageIntentsBatchUseCase } from "../../application/use-cases/create-message-intents-batch";
import { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import { DeliverWebhookUseCase } from "../../application/use-cases/deliver-webhook";
import { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import { GetOverviewStatsQuery } from "../../application/use-cases/get-overview-stats";
import { PauseInstanceUseCase } from "../../application/use-cases/pause-instance";
import { PauseOrganizationUseCase } from "../../application/use-cases/pause-organization";
import { ReconcileGatewayEventsUseCase } from "../../application/use-cases/reconcile-gateway-events";
import { RecordDeliveryReceiptUseCase } from "../../application/use-cases/record-delivery-receipt";
import { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import { RegisterWebhookEndpointUseCase } from "../../application/use-cases/register-webhook-endpoint";
import { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import { ResendJobUseCase } from "../../application/use-cases/resend-job";
import { SyncInstancesWithGatewayUseCase } from "../../application/use-cases/sync-instances-with-gateway";
import { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import type { DomainEventType } from "../../domain/timeline/domain-event";
import type { TimelineFeed } from "../../domain/timeline/timeline-feed";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import { ApiKeys } from "../auth/api-keys";
import { InProcessEventBus } from "../events/in-process-event-bus";
import { GatewayEventReconciler } from "../gateway/gateway-event-reconciler";
import type { HttpDependencies } from "../http/http-dependencies";
import type { Logger } from "../logging/logger";
import { HoldProber, type HoldProberSettings } from "../maintenance/hold-prober";
import { JobReconciler } from "../maintenance/job-reconciler";
import { LeaseRescuer } from "../maintenance/lease-rescuer";
import { MaintenanceTasks } from "../maintenance/maintenance-tasks";
import { QueuedIntentReturner } from "../maintenance/queued-intent-returner";
import { ExecutorMetrics } from "../metrics/executor-metrics";
import type { JobStatsSource } from "../metrics/job-stats-source";
import { JobCompleter } from "../queue/job-completer";
import { FetchWebhookTransport } from "../webhooks/fetch-webhook-transport";
import { WebhookDeliveryLoop } from "../webhooks/webhook-delivery-loop";
import { newWebhookSecret } from "../webhooks/webhook-signature";
import { LeaseHeartbeat } from "../worker/lease-heartbeat";
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
  /** Outbound webhooks and the live stream; defaults below. */
  webhooks?: Partial<WebhookSettings>;
  eventsPollIntervalMs?: number;
  eventsHeartbeatMs?: number;
  /** Default: a third of the lease. */
  heartbeatIntervalMs?: number;
  recoveryIntervalMs: number;
  /** Expired claims the rescuer takes over per statement; default 100. */
  recoveryBatchSize?: number;
  /** The hold prober's timing; defaults: every second, backing off from 1 s to 60 s per instance. */
  holdProbe?: Partial<Omit<HoldProberSettings, "batchSize">>;
  /** How often the job reconciler looks for approved intents without a job; default 5 s. */
  jobReconcileIntervalMs?: number;
  /** Jobs the job reconciler creates per statement; default 500. */
  jobReconcileBatchSize?: number;
  /** How often QUEUED intents whose time came are returned to the gate; default 1 s. */
  queuedIntentIntervalMs?: number;
  /** At most this many jobs PROCESSING per instance, across all workers; 0 = no limit. */
  perInstanceConcurrency: number;
}

/** Inbound gateway webhooks: the secret they must present, and where we ask the gateway to post them. */
export interface GatewayWebhookSettings {
  secret: string | null;
  /** Read at each instance registration, for its provider; null when we have no address the gateway can reach. */
  target: (provider: string) => WebhookTarget | null;
  /** Authenticates wuzapi's webhooks (they carry only the user's token): the instance it names, or null. */
  wuzapiInstanceOf?: (token: string) => string | null;
}

export interface WebhookSettings {
  concurrency: number;
  perEndpointConcurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  pollIntervalMs: number;
  /**
   * True when database notifications wake the delivery loop (PostgreSQL: the fan-out trigger
   * announces each delivery it writes, from any process). Otherwise every event committed in this
   * process wakes it, which is all an embedded single-process database needs.
   */
  wokenByDatabase: boolean;
}

const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  concurrency: 20,
  perEndpointConcurrency: 5,
  timeoutMs: 10_000,
  maxAttempts: 8,
  retryBaseDelayMs: 5_000,
  retryMaxDelayMs: 3_600_000,
  pollIntervalMs: 1_000,
  wokenByDatabase: false,
};

export interface ExecutorParts {
  uow: UnitOfWork;
  repos: Repositories;
  queue: JobQueue;
  timelineFeed: TimelineFeed;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  apiKeys: ApiKeyRepository;
  overviewStats: OverviewStatsReader;
  providers: ProviderRegistry;
  logger: Logger;
  checkDatabase: () => Promise<void>;
  pendingMigrations: () => Promise<string[]>;
  jobStats: JobStatsSource;
  returnDueQueuedIntents(limit: number): Promise<number>;
  settings: ExecutorSettings;
  gatewayWebhooks?: GatewayWebhookSettings;
  clock?: Clock;
  newId?: IdGenerator;
}

/** Events after which a job is runnable at once: this process's worker need not wait for its poll. */
const RUNNABLE_AGAIN = new Set<DomainEventType>([
  "ExecutionJobCreated",
  "ExecutionJobRequeued",
  "ExecutionJobResent",
  "MessageFailed",
]);

/** Wires adapters into use cases; used by main.ts and by tests that run the whole executor. */
export function createExecutor(parts: ExecutorParts) {
  const { uow, repos, providers, logger, settings } = parts;
  const clock = parts.clock ?? systemClock;
  const newId = parts.newId ?? randomUUID;
  const bus = new InProcessEventBus((error, event) =>
    logger.error(
      {
        err: error,
        eventType: event.type,
        intentId: "intentId" in event ? event.intentId : undefined,
        jobId: "jobId" in event ? event.jobId : undefined,
      },
      "event subscriber failed",
    ),
  );
  const policy = new RetryPolicy({
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
  });
  const attempt = new AttemptClaimedJobUseCase(providers, policy, clock);
  const worker = createWorker(parts, attempt, bus);
  const updateConnection = new UpdateInstanceConnectionUseCase(uow, clock, bus);
  const maintenance = new MaintenanceTasks([
    new LeaseRescuer(parts.queue, bus, logger, {
      intervalMs: settings.recoveryIntervalMs,
      batchSize: settings.recoveryBatchSize ?? 100,
      actor: `worker:${settings.workerId}`,
      idempotentProviders: providers.idempotentProviders(),
    }),
    new HoldProber(parts.repos.instances, providers, updateConnection, logger, {
      intervalMs: 1_000,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      ...settings.holdProbe,
      batchSize: 100,
    }),
    new JobReconciler(
      parts.queue,
      logger,
      {
        intervalMs: settings.jobReconcileIntervalMs ?? 5_000,
        batchSize: settings.jobReconcileBatchSize ?? 500,
        maxAttempts: settings.maxAttempts,
      },
      () => worker.wake(),
    ),
    new QueuedIntentReturner((limit) => parts.returnDueQueuedIntents(limit), logger, {
      intervalMs: settings.queuedIntentIntervalMs ?? 1_000,
      batchSize: 500,
    }),
  ]);
  const metrics = new ExecutorMetrics(parts.jobStats, clock);
  bus.subscribe((event) => metrics.observe(event));
  // A job created in this process is runnable at once: do not wait for the next poll.
  bus.subscribe((event) => {
    if (RUNNABLE_AGAIN.has(event.type)) worker.wake();
  });
  const webhooks = parts.gatewayWebhooks ?? { secret: null, target: () => null };
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
  const webhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings.webhooks };
  const webhookDelivery = createWebhookDeliveryLoop(parts, webhookSettings, clock);
  const http: HttpDependencies = {
    repos,
    createIntent: new CreateMessageIntentUseCase(uow, clock, newId, bus),
    createIntentsBatch: new CreateMessageIntentsBatchUseCase(uow, clock, newId, bus, settings.maxAttempts),
    approveIntent: new ApproveMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    decideIntent: new DecideMessageIntentUseCase(uow, clock, newId, bus, settings.maxAttempts),
    getIntentDetails: new GetIntentDetailsQuery(repos),
    getOverviewStats: new GetOverviewStatsQuery(parts.overviewStats, clock),
    registerInstance: new RegisterInstanceUseCase(uow, providers, clock, newId, webhooks.target),
    requeueJob: new RequeueJobUseCase(uow, clock, bus, settings.maxAttempts),
    apiKeys: new ApiKeys(parts.apiKeys, clock),
    bulkRetryJobs: new BulkRetryJobsUseCase(uow, clock, bus, settings.maxAttempts),
    confirmJob: new ConfirmJobUseCase(uow, clock, bus),
    resendJob: new ResendJobUseCase(uow, clock, bus),
    cancelJob: new CancelJobUseCase(uow, clock, bus),
    pauseInstance: new PauseInstanceUseCase(uow, clock),
    pauseOrganization: new PauseOrganizationUseCase(repos, clock),
    wakeWorker: () => worker.wake(),
    webhooks: {
      secret: webhooks.secret,
      wuzapiInstanceOf: webhooks.wuzapiInstanceOf ?? (() => null),
      confirmSend,
      recordReceipt,
      updateConnection,
    },
    registerWebhook: new RegisterWebhookEndpointUseCase(
      parts.webhookEndpoints,
      clock,
      newId,
      newWebhookSecret,
    ),
    webhookEndpoints: parts.webhookEndpoints,
    webhookDeliveries: parts.webhookDeliveries,
    liveEvents: {
      feed: parts.timelineFeed,
      pollIntervalMs: settings.eventsPollIntervalMs ?? 1_000,
      heartbeatMs: settings.eventsHeartbeatMs ?? 15_000,
      onCommitted: (listener) => bus.subscribe(listener),
    },
    checkDatabase: parts.checkDatabase,
    pendingMigrations: parts.pendingMigrations,
    metrics,
  };
  // Events committed here may owe deliveries: look at once rather than at the next poll.
  if (!webhookSettings.wokenByDatabase) bus.subscribe(() => webhookDelivery.wake());
  return {
    bus,
    worker,
    maintenance,
    webhookDelivery,
    http,
    attempt,
    metrics,
    reconcileGatewayEvents,
    gatewayReconciler,
    syncInstances: new SyncInstancesWithGatewayUseCase(repos, providers, clock, webhooks.target),
  };
}

/** The claim loop with its completer and heartbeat: claim → attempt → complete. */
function createWorker(parts: ExecutorParts, attempt: AttemptClaimedJobUseCase, bus: InProcessEventBus) {
  const { settings, logger, queue } = parts;
  const completer = new JobCompleter(queue, bus, {
    allowance: settings.workerConcurrency,
    // A written outcome frees room when outcomes held claims back, or when a per-instance limit
    // counted its job until then.
    onWritten: (relieved) => {
      if (relieved || settings.perInstanceConcurrency > 0) worker.wake();
    },
  });
  const heartbeat = new LeaseHeartbeat(queue, logger, {
    intervalMs: settings.heartbeatIntervalMs ?? Math.max(1, Math.floor(settings.leaseMs / 3)),
    leaseMs: settings.leaseMs,
  });
  const worker: MessageExecutorWorker = new MessageExecutorWorker(
    { queue, attempt, completer, heartbeat, bus, logger },
    {
      workerId: settings.workerId,
      concurrency: settings.workerConcurrency,
      perInstanceConcurrency: settings.perInstanceConcurrency,
      pollIntervalMs: settings.workerPollIntervalMs,
      leaseMs: settings.leaseMs,
    },
  );
  return worker;
}

/** The outbound webhook deliverer: its own loop and concurrency, apart from the send path. */
function createWebhookDeliveryLoop(
  parts: ExecutorParts,
  webhooks: WebhookSettings,
  clock: Clock,
): WebhookDeliveryLoop {
  const policy = new RetryPolicy({
    baseDelayMs: webhooks.retryBaseDelayMs,
    maxDelayMs: webhooks.retryMaxDelayMs,
  });
  const transport = new FetchWebhookTransport(webhooks.timeoutMs, clock);
  const deliver = new DeliverWebhookUseCase(
    parts.webhookDeliveries,
    transport,
    policy,
    clock,
    webhooks.maxAttempts,
  );
  return new WebhookDeliveryLoop(
    { deliveries: parts.webhookDeliveries, deliver, clock, logger: parts.logger },
    {
      deliveredBy: parts.settings.workerId,
      concurrency: webhooks.concurrency,
      perEndpointConcurrency: webhooks.perEndpointConcurrency,
      pollIntervalMs: webhooks.pollIntervalMs,
      leaseMs: webhooks.timeoutMs + 30_000,
    },
  );
}

export type Executor = ReturnType<typeof createExecutor>;
