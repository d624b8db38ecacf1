import { banner } from "./infra/composition/banner";
import { startExecutor } from "./infra/composition/start-executor";
import { ConfigError, loadConfig } from "./infra/config/config";
import { buildHttpApp } from "./infra/http/http-app";
import { createLogger } from "./infra/logging/logger";

/** The composition root: reads config, wires adapters into use cases, starts the API and the worker. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { executor, gatewayUrl, close } = await startExecutor(config, logger);
  const app = await buildHttpApp(executor.http, logger);
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  if (config.WORKER_ENABLED) executor.worker.start();
  process.stdout.write(`${banner(config, url, gatewayUrl)}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await app.close();
    const unfinished = await executor.worker.stop(config.SHUTDOWN_TIMEOUT_MS);
    if (unfinished > 0) logger.warn({ unfinished }, "sends still in flight at the shutdown deadline");
    await close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
