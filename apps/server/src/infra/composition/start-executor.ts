import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import type { Config } from "../config/config";
import type { Database } from "../database/database";
import { runMigrations } from "../database/migrate";
import { openPglite } from "../database/open-pglite";
import { openPostgres } from "../database/open-postgres";
import { createPersistence } from "../database/persistence";
import { listenForRunnableJobs, type RunnableJobListener } from "../database/runnable-job-listener";
import type { Logger } from "../logging/logger";
import { TurboZapClient } from "../providers/turbozap/turbozap-client";
import { WhatsMeowProviderAdapter } from "../providers/turbozap/whatsmeow-provider-adapter";
import { createExecutor, type Executor } from "./create-executor";
import { StaticProviderRegistry } from "./static-provider-registry";

export interface StartedExecutor {
  executor: Executor;
  gatewayUrl: string;
  /** Closes the gateway (when embedded) and the database; stop the worker first. */
  close(): Promise<void>;
}

/**
 * Opens everything the executor needs from its configuration: the database (migrated), the gateway
 * (the real one when configured, otherwise a simulator in this process) and the use cases. The worker
 * is built but not started. Shared by main.ts and by the benchmark, which runs it as users do.
 */
export async function startExecutor(config: Config, logger: Logger): Promise<StartedExecutor> {
  const database = await openDatabase(config, logger);
  await runMigrations(database);
  const { uow, repos, ping } = createPersistence(database);
  const gateway = await openGateway(config);
  const client = new TurboZapClient({
    baseUrl: gateway.url,
    apiKey: gateway.apiKey,
    timeoutMs: config.TURBOZAP_TIMEOUT_MS,
  });
  const executor = createExecutor({
    uow,
    repos,
    providers: new StaticProviderRegistry([new WhatsMeowProviderAdapter(client)]),
    logger,
    checkDatabase: ping,
    settings: {
      maxAttempts: config.MAX_ATTEMPTS,
      retryBaseDelayMs: config.RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
      workerConcurrency: config.WORKER_CONCURRENCY,
      workerPollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
      // The lease outlives the slowest answer the gateway can give, so a live send never loses its claim.
      leaseMs: config.TURBOZAP_TIMEOUT_MS + 30_000,
    },
  });
  // Jobs made runnable by other processes (API hosts, other workers, SQL) wake this worker at once;
  // in this process the event bus already does. PGlite has no other process to hear from.
  const listener: RunnableJobListener | null =
    config.WORKER_ENABLED && config.DATABASE_URL
      ? await listenForRunnableJobs(config.DATABASE_URL, () => executor.worker.wake(), logger)
      : null;
  return {
    executor,
    gatewayUrl: gateway.url,
    close: async () => {
      await listener?.close();
      await gateway.close();
      await database.close();
    },
  };
}

async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.DATABASE_URL)
    return openPostgres(config.DATABASE_URL, {
      max: config.DATABASE_POOL_SIZE,
      onIdleClientError: (error) => logger.warn({ err: error }, "idle database connection lost"),
    });
  mkdirSync(config.DATA_DIR, { recursive: true });
  return openPglite(config.DATA_DIR);
}

/** The real gateway when configured, otherwise a simulator in this process. */
async function openGateway(config: Config): Promise<{ url: string; apiKey: string; close(): Promise<void> }> {
  if (config.TURBOZAP_BASE_URL && config.TURBOZAP_API_KEY) {
    return { url: config.TURBOZAP_BASE_URL, apiKey: config.TURBOZAP_API_KEY, close: async () => {} };
  }
  const sim: TurboZapSim = await startTurboZapSim({ port: config.SIM_PORT });
  return { url: sim.url, apiKey: sim.apiKey, close: () => sim.close() };
}
