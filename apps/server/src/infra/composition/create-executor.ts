import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { RetryPolicy } from "../../application/policies/retry-policy";
import { type Clock, systemClock } from "../../application/ports/clock";
import type { IdGenerator } from "../../application/ports/id-generator";
import type { WebhookTarget } from "../../application/ports/instance-gateway-port";
import type { ProviderRegistry } from "../../application/ports/provider-registry";
import { ApplyDeliveryReceiptsUseCase } from "../../application/use-cases/apply-delivery-receipts";
import { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import { AttemptClaimedJobUseCase } from "../../application/use-cases/attempt-claimed-job";
import { BulkRetryJobsUseCase } from "../../application/use-cases/bulk-retry-jobs";
import { CancelJobUseCase } from "../../application/use-cases/cancel-job";
import { CheckRecipientUseCase } from "../../application/use-cases/check-recipient";
import { ConfirmJobUseCase } from "../../application/use-cases/confirm-job";
import { ConfirmSendFromGatewayUseCase } from "../../application/use-cases/confirm-send-from-gateway";
import { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import { CreateMessageIntentsBatchUseCase } from "../../application/use-cases/create-message-intents-batch";
import { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import { DeleteInstanceUseCase } from "../../application/use-cases/delete-instance";
import { DeliverWebhookUseCase } from "../../application/use-cases/deliver-webhook";
import { DropMessageIntentUseCase } from "../../application/use-cases/drop-message-intent";
import { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import { GetOverviewStatsQuery } from "../../application/use-cases/get-overview-stats";
import { GetPairingQrUseCase } from "../../application/use-cases/get-pairing-qr";
import { PauseInstanceUseCase } from "../../application/use-cases/pause-instance";
import { PauseOrganizationUseCase } from "../../application/use-cases/pause-organization";
import { ReceiveDeliveryReceiptUseCase } from "../../application/use-cases/receive-delivery-receipt";
import { ReceiveSendReportUseCase } from "../../application/use-cases/receive-send-report";
import { ReconcileGatewayEventsUseCase } from "../../application/use-cases/reconcile-gateway-events";
import { ReconnectInstanceUseCase } from "../../application/use-cases/reconnect-instance";
import { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import { RegisterWebhookEndpointUseCase } from "../../application/use-cases/register-webhook-endpoint";
import { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import { ResendJobUseCase } from "../../application/use-cases/resend-job";
import { RotateWebhookSecretUseCase } from "../../application/use-cases/rotate-webhook-secret";
import { SettleSendReportsUseCase } from "../../application/use-cases/settle-send-reports";
import { ShowTypingUseCase } from "../../application/use-cases/show-typing";
import { SyncInstancesWithGatewayUseCase } from "../../application/use-cases/sync-instances-with-gateway";
import { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";
import { UpdateInstanceSettingsUseCase } from "../../application/use-cases/update-instance-settings";
import type { DomainEventType } from "../../domain/timeline/domain-event";
import { ApiKeys } from "../auth/api-keys";
import type { Config } from "../config/config";
import { defaultPacing } from "../config/default-pacing";
import { listenUrl } from "../database/listen-url";
import type { Persistence } from "../database/persistence";
import { InProcessEventBus } from "../events/in-process-event-bus";
import { CoalescingReceiptInbox } from "../gateway/coalescing-receipt-inbox";
import { GatewayEventReconciler } from "../gateway/gateway-event-reconciler";
import { ReceiptApplier } from "../gateway/receipt-applier";
import type { HttpDependencies } from "../http/http-dependencies";
import type { GatewayWebhookSecrets } from "../http/webhook-secret";
import type { Logger } from "../logging/logger";
import { HoldProber } from "../maintenance/hold-prober";
import { JobReconciler } from "../maintenance/job-reconciler";
import { LeaseRescuer } from "../maintenance/lease-rescuer";
import { MaintenanceTasks } from "../maintenance/maintenance-tasks";
import { QueuedIntentReturner } from "../maintenance/queued-intent-returner";
import { ExecutorMetrics } from "../metrics/executor-metrics";
import { JobCompleter } from "../queue/job-completer";
import { NO_TRACING, type Tracing } from "../tracing/tracing";
import { HttpWebhookTransport } from "../webhooks/http-webhook-transport";
import { WebhookDeliveryLoop } from "../webhooks/webhook-delivery-loop";
import { newWebhookSecret } from "../webhooks/webhook-signature";
import {
  type LookupAddresses,
  type WebhookTargetGuard,
  webhookTargetGuardOf,
} from "../webhooks/webhook-target-guard";
import { LeaseHeartbeat } from "../worker/lease-heartbeat";
import { MessageExecutorWorker } from "../worker/message-executor-worker";

/** Inbound gateway webhooks: the secrets they must present, and where we ask each gateway to post them. */
export interface GatewayWebhookSettings {
  secrets: GatewayWebhookSecrets;
  /** Read at each instance registration, for its provider; null when we have no address the gateway can reach. */
  target: (provider: string) => WebhookTarget | null;
  /** Authenticates wuzapi's webhooks (they carry only the user's token): the instance it names, or null. */
  wuzapiInstanceOf?: (token: string) => string | null;
}

/** What the executor runs on: the database's side (Persistence) and the rest of the world. */
export interface ExecutorParts extends Persistence {
  providers: ProviderRegistry;
  logger: Logger;
  settings: Config;
  /** Names this process in leases, timeline actors and webhook deliveries. */
  workerId: string;
  gatewayWebhooks?: GatewayWebhookSettings;
  clock?: Clock;
  newId?: IdGenerator;
  /** Resolves webhook hosts; the system's DNS unless a test names what a host resolves to. */
  webhookLookup?: LookupAddresses;
  /** Spans of claims, attempts, outcome writes and webhook deliveries; off unless given. */
  tracing?: Tracing;
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
    baseDelayMs: settings.RETRY_BASE_DELAY_MS,
    maxDelayMs: settings.RETRY_MAX_DELAY_MS,
    maxAgeMs: settings.RETRY_MAX_AGE === null ? null : settings.RETRY_MAX_AGE * 1000,
  });
  const attempt = new AttemptClaimedJobUseCase(providers, policy, clock);
  const recipients = new CheckRecipientUseCase(providers, repos.recipientChecks, attempt, clock, {
    maxAgeSeconds: settings.RECIPIENT_CHECK_MAX_AGE,
  });
  const worker = createWorker(parts, { attempt, recipients }, bus);
  const updateConnection = new UpdateInstanceConnectionUseCase(uow, clock, bus);
  const maintenance = new MaintenanceTasks(
    [
      {
        everyMs: settings.WORKER_RECOVERY_INTERVAL_MS,
        task: new LeaseRescuer(parts.queue, bus, logger, {
          batchSize: settings.WORKER_RECOVERY_BATCH_SIZE,
          actor: `worker:${parts.workerId}`,
          idempotentProviders: providers.idempotentProviders(),
        }),
      },
      {
        everyMs: settings.HOLD_PROBE_INTERVAL_MS,
        task: new HoldProber(parts.repos.instances, providers, updateConnection, logger, {
          baseDelayMs: settings.HOLD_PROBE_BASE_DELAY_MS,
          maxDelayMs: settings.HOLD_PROBE_MAX_DELAY_MS,
          batchSize: 100,
        }),
      },
      {
        everyMs: settings.JOB_RECONCILE_INTERVAL_MS,
        task: new JobReconciler(
          parts.queue,
          logger,
          { batchSize: settings.JOB_RECONCILE_BATCH_SIZE, maxAttempts: settings.MAX_ATTEMPTS },
          () => worker.wake(),
        ),
      },
      {
        everyMs: settings.QUEUED_INTENT_INTERVAL_MS,
        task: new QueuedIntentReturner((limit) => parts.returnDueQueuedIntents(limit), logger, {
          batchSize: 500,
        }),
      },
    ],
    logger,
  );
  const metrics = new ExecutorMetrics(parts.jobStats, clock);
  bus.subscribe((event) => metrics.observe(event));
  // A job created in this process is runnable at once: do not wait for the next poll.
  bus.subscribe((event) => {
    if (RUNNABLE_AGAIN.has(event.type)) worker.wake();
  });
  const webhooks = parts.gatewayWebhooks ?? {
    secrets: { turbozap: null, evolution: null },
    target: () => null,
  };
  const confirmSend = new ConfirmSendFromGatewayUseCase(repos, clock, bus);
  const applyReceipts = new ApplyDeliveryReceiptsUseCase(repos, clock, bus);
  const settleSends = new SettleSendReportsUseCase(repos, confirmSend, clock);
  const receiptApplier = new ReceiptApplier(applyReceipts, settleSends, logger, {
    batchSize: settings.RECEIPTS_BATCH_SIZE,
    pollIntervalMs: settings.RECEIPTS_POLL_INTERVAL_MS,
  });
  // One inbox for receipts and send reports: posts arriving together share one insert and commit.
  const reportsInbox = new CoalescingReceiptInbox(repos.gatewayEvents);
  const receiveReceipt = new ReceiveDeliveryReceiptUseCase(reportsInbox, clock, () => receiptApplier.wake());
  const receiveSendReport = new ReceiveSendReportUseCase(reportsInbox, clock, () => receiptApplier.wake());
  const reconcileGatewayEvents = new ReconcileGatewayEventsUseCase(repos, settleSends, applyReceipts, clock, {
    batchSize: 200,
    giveUpAfterMs: 24 * 3_600_000,
  });
  const gatewayReconciler = new GatewayEventReconciler(
    reconcileGatewayEvents,
    logger,
    settings.GATEWAY_RECONCILE_INTERVAL_MS,
  );
  const webhookGuard = webhookTargetGuardOf(settings, parts.webhookLookup);
  const webhookDelivery = createWebhookDeliveryLoop(parts, webhookGuard, clock);
  const approval = { uow, clock, newId, bus, maxAttempts: settings.MAX_ATTEMPTS };
  const http: HttpDependencies = {
    repos,
    createIntent: new CreateMessageIntentUseCase(uow, clock, newId, bus),
    createIntentsBatch: new CreateMessageIntentsBatchUseCase(approval),
    approveIntent: new ApproveMessageIntentUseCase(approval),
    decideIntent: new DecideMessageIntentUseCase(approval),
    getIntentDetails: new GetIntentDetailsQuery(repos),
    getOverviewStats: new GetOverviewStatsQuery(parts.overviewStats, clock),
    registerInstance: new RegisterInstanceUseCase(
      uow,
      providers,
      clock,
      newId,
      webhooks.target,
      defaultPacing(settings),
      settings.RECIPIENT_CHECK_DEFAULT,
    ),
    requeueJob: new RequeueJobUseCase(uow, clock, bus, settings.MAX_ATTEMPTS),
    apiKeys: new ApiKeys(parts.apiKeys, clock),
    bulkRetryJobs: new BulkRetryJobsUseCase(uow, clock, bus, settings.MAX_ATTEMPTS),
    confirmJob: new ConfirmJobUseCase(uow, clock, bus),
    resendJob: new ResendJobUseCase(uow, clock, bus),
    cancelJob: new CancelJobUseCase(uow, clock, bus),
    dropIntent: new DropMessageIntentUseCase(uow, clock, bus),
    reconnectInstance: new ReconnectInstanceUseCase(uow, providers, clock, webhooks.target),
    deleteInstance: new DeleteInstanceUseCase(uow, providers, clock),
    getPairingQr: new GetPairingQrUseCase(uow, providers, clock, webhooks.target),
    pauseInstance: new PauseInstanceUseCase(uow, clock),
    updateInstanceSettings: new UpdateInstanceSettingsUseCase(uow, clock),
    pauseOrganization: new PauseOrganizationUseCase(repos, clock),
    wakeWorker: () => worker.wake(),
    webhooks: {
      secrets: webhooks.secrets,
      wuzapiInstanceOf: webhooks.wuzapiInstanceOf ?? (() => null),
      receiveSendReport,
      receiveReceipt,
      updateConnection,
    },
    registerWebhook: new RegisterWebhookEndpointUseCase(
      parts.webhookEndpoints,
      clock,
      newId,
      newWebhookSecret,
      (url) => webhookGuard.refusal(url),
      settings.WEBHOOK_MAX_ENDPOINTS,
    ),
    rotateWebhookSecret: new RotateWebhookSecretUseCase(parts.webhookEndpoints, clock, newWebhookSecret),
    webhookEndpoints: parts.webhookEndpoints,
    webhookDeliveries: parts.webhookDeliveries,
    liveEvents: {
      feed: parts.timelineFeed,
      pollIntervalMs: settings.EVENTS_POLL_INTERVAL_MS,
      heartbeatMs: settings.EVENTS_HEARTBEAT_MS,
      maxStreamsPerKey: settings.EVENTS_MAX_STREAMS_PER_KEY,
      onCommitted: (listener) => bus.subscribe(listener),
    },
    checkDatabase: parts.ping,
    pendingMigrations: parts.pendingMigrations,
    metrics,
  };
  // Events committed here may owe deliveries: look at once rather than at the next poll. Where
  // LISTEN can run, the fan-out trigger's notifications wake the loop instead, from any process.
  if (listenUrl(settings) === null) bus.subscribe(() => webhookDelivery.wake());
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
    receiptApplier,
    syncInstances: new SyncInstancesWithGatewayUseCase(repos, providers, clock, webhooks.target),
  };
}

/**
 * "typing…" before a send. Its longest time is also kept to a third of the lease, the heartbeat's
 * interval, so that typing never leans on more than one beat to keep its claim.
 */
function createTyping(parts: ExecutorParts): ShowTypingUseCase {
  const { settings } = parts;
  const maxMs = Math.min(settings.TYPING_MAX_MS, Math.floor(settings.WORKER_LEASE_MS / 3));
  const bounds = { minMs: Math.min(settings.TYPING_MIN_MS, maxMs), maxMs };
  return new ShowTypingUseCase(parts.providers, { byDefault: settings.TYPING_DEFAULT, bounds }, (ms) =>
    sleep(ms),
  );
}

/** The claim loop with its completer and heartbeat: claim → (recipient check) → ("typing…") → attempt → complete. */
function createWorker(
  parts: ExecutorParts,
  { attempt, recipients }: { attempt: AttemptClaimedJobUseCase; recipients: CheckRecipientUseCase },
  bus: InProcessEventBus,
) {
  const { settings, logger, queue } = parts;
  const tracing = parts.tracing ?? NO_TRACING;
  const completer = new JobCompleter(
    queue,
    bus,
    {
      allowance: settings.WORKER_CONCURRENCY,
      // A written outcome frees room when outcomes held claims back, or when a per-instance limit
      // counted its job until then.
      onWritten: (relieved) => {
        if (relieved || settings.PER_INSTANCE_CONCURRENCY > 0) worker.wake();
      },
    },
    tracing,
  );
  const heartbeat = new LeaseHeartbeat(queue, logger, {
    intervalMs: settings.WORKER_HEARTBEAT_INTERVAL_MS,
    leaseMs: settings.WORKER_LEASE_MS,
  });
  const worker: MessageExecutorWorker = new MessageExecutorWorker(
    { queue, attempt, typing: createTyping(parts), recipients, completer, heartbeat, bus, logger, tracing },
    {
      workerId: parts.workerId,
      concurrency: settings.WORKER_CONCURRENCY,
      perInstanceConcurrency: settings.PER_INSTANCE_CONCURRENCY,
      pollIntervalMs: settings.WORKER_POLL_INTERVAL_MS,
      leaseMs: settings.WORKER_LEASE_MS,
    },
  );
  return worker;
}

/** The outbound webhook deliverer: its own loop and concurrency, apart from the send path. */
function createWebhookDeliveryLoop(
  parts: ExecutorParts,
  guard: WebhookTargetGuard,
  clock: Clock,
): WebhookDeliveryLoop {
  const { settings } = parts;
  const policy = new RetryPolicy({
    baseDelayMs: settings.WEBHOOK_RETRY_BASE_DELAY_MS,
    maxDelayMs: settings.WEBHOOK_RETRY_MAX_DELAY_MS,
  });
  const transport = new HttpWebhookTransport(settings.WEBHOOK_TIMEOUT_MS, clock, guard);
  const deliver = new DeliverWebhookUseCase(
    parts.webhookDeliveries,
    transport,
    policy,
    clock,
    settings.WEBHOOK_MAX_ATTEMPTS,
  );
  return new WebhookDeliveryLoop(
    {
      deliveries: parts.webhookDeliveries,
      deliver,
      clock,
      logger: parts.logger,
      tracing: parts.tracing ?? NO_TRACING,
    },
    {
      deliveredBy: parts.workerId,
      concurrency: settings.WEBHOOK_CONCURRENCY,
      perEndpointConcurrency: settings.WEBHOOK_ENDPOINT_CONCURRENCY,
      pollIntervalMs: settings.WEBHOOK_POLL_INTERVAL_MS,
      leaseMs: settings.WEBHOOK_TIMEOUT_MS + 30_000,
    },
  );
}

export type Executor = ReturnType<typeof createExecutor>;
