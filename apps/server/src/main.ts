import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import { systemClock } from "./application/ports/clock";
import { banner } from "./infra/composition/banner";
import { ensureBootstrapApiKey } from "./infra/composition/bootstrap-api-key";
import { createExecutor } from "./infra/composition/create-executor";
import { gatewayWebhookSettings } from "./infra/composition/gateway-webhook-settings";
import { openGateways } from "./infra/composition/gateways";
import { StaticProviderRegistry } from "./infra/composition/static-provider-registry";
import { type Config, ConfigError, loadConfig } from "./infra/config/config";
import type { Database } from "./infra/database/database";
import { DATABASE_CLOCK_SYNC_INTERVAL_MS, DatabaseClock } from "./infra/database/database-clock";
import { listenUrl } from "./infra/database/listen-url";
import { runMigrations } from "./infra/database/migrate";
import { RUNNABLE_JOB_CHANNEL, WEBHOOK_DELIVERY_CHANNEL } from "./infra/database/notification-channels";
import { listenForNotifications } from "./infra/database/notification-listener";
import { openConfiguredDatabase } from "./infra/database/open-configured-database";
import { openPostgres } from "./infra/database/open-postgres";
import { createPersistence } from "./infra/database/persistence";
import { buildHttpApp } from "./infra/http/http-app";
import { httpSettingsOf } from "./infra/http/http-settings";
import { createLogger } from "./infra/logging/logger";
import { HistoryRetention } from "./infra/maintenance/history-retention";
import { MaintenanceTasks } from "./infra/maintenance/maintenance-tasks";
import { TimelinePartitionUpkeep } from "./infra/maintenance/timeline-partition-upkeep";
import { openTracing } from "./infra/tracing/open-tracing";
import { PeriodicTask } from "./infra/worker/periodic-task";

/** The composition root: reads config, wires adapters into use cases, starts the API and the worker. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const tracing = await openTracing(config, logger);
  const database = openConfiguredDatabase(config, (error) =>
    logger.warn({ err: error }, "idle database connection lost"),
  );
  await migrate(config, database);
  const persistence = createPersistence(database);
  const clock = await DatabaseClock.synchronized(systemClock, persistence.readClockMs);
  const clockSync = new PeriodicTask(DATABASE_CLOCK_SYNC_INTERVAL_MS, () =>
    clock.synchronize().catch((error: unknown) => logger.warn({ err: error }, "database clock not read")),
  );
  clockSync.start({ runNow: false });
  const gateway = await openGateways(config, tracing);
  // The embedded default learns its own address once it listens; the simulator runs in this process.
  let webhookBaseUrl = config.PUBLIC_URL?.replace(/\/+$/, "") ?? null;
  const gatewayWebhooks = gatewayWebhookSettings(config, gateway, () => webhookBaseUrl);
  const executor = createExecutor({
    ...persistence,
    providers: new StaticProviderRegistry(gateway.gateways.map((open) => open.provider)),
    logger,
    settings: config,
    clock,
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    tracing,
    gatewayWebhooks,
  });
  // Jobs made runnable and webhook deliveries written by any process (API hosts, other workers,
  // SQL) wake this one's loops at once. PGlite has no other process to hear from.
  const notificationsUrl = listenUrl(config);
  const listener = notificationsUrl
    ? await listenForNotifications(
        notificationsUrl,
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
  const app = await buildHttpApp(executor.http, logger, { ...httpSettingsOf(config), tracing });
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
  // Every process applies the receipts it stored (woken by its own webhook routes) and, at its poll,
  // any left by another: SKIP LOCKED splits the work.
  executor.receiptApplier.start();
  // Every process runs it; an advisory lock lets one delete at a time.
  const retention = new HistoryRetention(database.db, logger, {
    finishedIntentsFor: config.RETAIN_FINISHED_FOR,
    deliveriesFor: config.RETAIN_DELIVERIES_FOR,
    gatewayEventsFor: config.RETAIN_GATEWAY_EVENTS_FOR,
    intervalMs: config.RETENTION_INTERVAL_MS,
    batchSize: config.RETENTION_BATCH_SIZE,
    batchPauseMs: config.RETENTION_BATCH_PAUSE_MS,
  });
  retention.start();
  // Every process too, so that tomorrow's partitions exist whichever processes are running.
  const partitionUpkeep = new MaintenanceTasks(
    [
      {
        everyMs: config.TIMELINE_PARTITION_INTERVAL_MS,
        task: new TimelinePartitionUpkeep(database.db, logger, {
          daysAhead: config.TIMELINE_PARTITION_DAYS_AHEAD,
        }),
      },
    ],
    logger,
  );
  partitionUpkeep.start();
  process.stdout.write(
    `${banner(config, url, gateway.gateways, bootstrapKey, webhookBaseUrl, notificationsUrl !== null)}\n`,
  );

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
      await Promise.all([
        executor.gatewayReconciler.stop(),
        executor.receiptApplier.stop(),
        retention.stop(),
        partitionUpkeep.stop(),
        clockSync.stop(),
      ]);
      await listener?.close();
      await gateway.close();
      await database.close();
      // Last: the spans of everything above are exported before the process exits.
      await tracing.shutdown();
    } catch (error) {
      logger.error({ err: error }, "shutdown did not finish cleanly");
      process.exit(1);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** Migrations run over DATABASE_DIRECT_URL when there is one, otherwise over the pool (pooler-safe too). */
async function migrate(config: Config, database: Database): Promise<void> {
  if (!config.DATABASE_DIRECT_URL) return runMigrations(database);
  const direct = openPostgres(config.DATABASE_DIRECT_URL, { max: 1 });
  try {
    await runMigrations(direct);
  } finally {
    await direct.close();
  }
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
