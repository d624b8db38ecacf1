import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import { banner } from "./infra/composition/banner";
import { ensureBootstrapApiKey } from "./infra/composition/bootstrap-api-key";
import { createExecutor } from "./infra/composition/create-executor";
import { openGateways } from "./infra/composition/gateways";
import { StaticProviderRegistry } from "./infra/composition/static-provider-registry";
import { ConfigError, loadConfig } from "./infra/config/config";
import { runMigrations } from "./infra/database/migrate";
import { RUNNABLE_JOB_CHANNEL, WEBHOOK_DELIVERY_CHANNEL } from "./infra/database/notification-channels";
import { listenForNotifications } from "./infra/database/notification-listener";
import { openConfiguredDatabase } from "./infra/database/open-configured-database";
import { createPersistence } from "./infra/database/persistence";
import { buildHttpApp } from "./infra/http/http-app";
import { createLogger } from "./infra/logging/logger";
import { wuzapiInstanceOf } from "./infra/providers/wuzapi/wuzapi-user-token";

/** The composition root: reads config, wires adapters into use cases, starts the API and the worker. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = openConfiguredDatabase(config, (error) =>
    logger.warn({ err: error }, "idle database connection lost"),
  );
  await runMigrations(database);
  const persistence = createPersistence(database);
  const gateway = await openGateways(config);
  const webhookSecret =
    config.TURBOZAP_WEBHOOK_SECRET ?? (gateway.embedded ? randomBytes(24).toString("base64url") : null);
  // The embedded default learns its own address once it listens; the simulator runs in this process.
  let webhookBaseUrl = config.PUBLIC_URL?.replace(/\/+$/, "") ?? null;
  const executor = createExecutor({
    ...persistence,
    providers: new StaticProviderRegistry(gateway.gateways.map((open) => open.provider)),
    logger,
    checkDatabase: persistence.ping,
    settings: {
      maxAttempts: config.MAX_ATTEMPTS,
      retryBaseDelayMs: config.RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
      workerConcurrency: config.WORKER_CONCURRENCY,
      workerPollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
      eventsPollIntervalMs: config.EVENTS_POLL_INTERVAL_MS,
      eventsHeartbeatMs: config.EVENTS_HEARTBEAT_MS,
      webhooks: {
        concurrency: config.WEBHOOK_CONCURRENCY,
        perEndpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
        retryBaseDelayMs: config.WEBHOOK_RETRY_BASE_DELAY_MS,
        retryMaxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
        pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
        wokenByDatabase: config.DATABASE_URL !== undefined,
      },
      leaseMs: config.WORKER_LEASE_MS,
      ...(config.WORKER_HEARTBEAT_INTERVAL_MS
        ? { heartbeatIntervalMs: config.WORKER_HEARTBEAT_INTERVAL_MS }
        : {}),
      recoveryIntervalMs: config.WORKER_RECOVERY_INTERVAL_MS,
      recoveryBatchSize: config.WORKER_RECOVERY_BATCH_SIZE,
      holdProbe: {
        intervalMs: config.HOLD_PROBE_INTERVAL_MS,
        baseDelayMs: config.HOLD_PROBE_BASE_DELAY_MS,
        maxDelayMs: config.HOLD_PROBE_MAX_DELAY_MS,
      },
      jobReconcileIntervalMs: config.JOB_RECONCILE_INTERVAL_MS,
      jobReconcileBatchSize: config.JOB_RECONCILE_BATCH_SIZE,
      queuedIntentIntervalMs: config.QUEUED_INTENT_INTERVAL_MS,
      perInstanceConcurrency: config.PER_INSTANCE_CONCURRENCY,
      gatewayReconcileIntervalMs: config.GATEWAY_RECONCILE_INTERVAL_MS,
    },
    gatewayWebhooks: {
      secret: webhookSecret,
      target: (provider) =>
        webhookBaseUrl && webhookSecret
          ? {
              url: `${webhookBaseUrl}/v1/webhooks/${provider}`,
              headers: { "X-Webhook-Secret": webhookSecret },
            }
          : null,
      wuzapiInstanceOf: (token) =>
        gateway.wuzapiAdminToken === null ? null : wuzapiInstanceOf(gateway.wuzapiAdminToken, token),
    },
  });
  // Jobs made runnable and webhook deliveries written by any process (API hosts, other workers,
  // SQL) wake this one's loops at once. PGlite has no other process to hear from.
  const listener = config.DATABASE_URL
    ? await listenForNotifications(
        config.DATABASE_URL,
        {
          ...(config.WORKER_ENABLED ? { [RUNNABLE_JOB_CHANNEL]: () => executor.worker.wake() } : {}),
          ...(config.WEBHOOKS_ENABLED
            ? { [WEBHOOK_DELIVERY_CHANNEL]: () => executor.webhookDelivery.wake() }
            : {}),
        },
        logger,
      )
    : null;
  const bootstrapKey = await ensureBootstrapApiKey(config, executor.http.apiKeys);
  const app = await buildHttpApp(executor.http, logger, {
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    corsOrigins: config.CORS_ORIGINS,
  });
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  if (webhookBaseUrl === null && gateway.embedded) webhookBaseUrl = `http://127.0.0.1:${listeningPort(app)}`;
  // The embedded simulator forgot its instances when it stopped: give them back before the worker
  // claims anything. A real gateway may be slow or away; its states arrive when it answers.
  const sync = executor.syncInstances.execute({ recreateMissing: gateway.embedded });
  if (gateway.embedded) await sync;
  else
    sync.catch((error: unknown) => logger.warn({ err: error }, "instance states not read from the gateway"));
  if (config.WORKER_ENABLED) {
    executor.worker.start();
    executor.maintenance.start();
  }
  if (config.WEBHOOKS_ENABLED) executor.webhookDelivery.start();
  executor.gatewayReconciler.start();
  process.stdout.write(`${banner(config, url, gateway.gateways, bootstrapKey, webhookBaseUrl)}\n`);

  let stopping = false;
  // Stop claiming at once, let the sends in flight finish (a claim whose request never left is
  // given back as runnable), then close. A send still running at the deadline keeps its lease
  // until it runs out, and another worker's recovery settles it.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    try {
      // An unfinished webhook delivery keeps its lease and is retried by whoever claims it after it expires.
      const [unfinished] = await Promise.all([
        executor.worker.stop(config.SHUTDOWN_TIMEOUT_MS),
        executor.webhookDelivery.stop(config.SHUTDOWN_TIMEOUT_MS),
        executor.maintenance.stop(),
        app.close(),
      ]);
      if (unfinished > 0) logger.warn({ unfinished }, "sends still in flight at the shutdown deadline");
      await executor.gatewayReconciler.stop();
      await listener?.close();
      await gateway.close();
      await database.close();
    } catch (error) {
      logger.error({ err: error }, "shutdown did not finish cleanly");
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

function listeningPort(app: FastifyInstance): number {
  const address = app.server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
