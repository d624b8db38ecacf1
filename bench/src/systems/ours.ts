import pg from "pg";
import { startExecutor } from "../../../apps/server/src/infra/composition/start-executor";
import { type Config, loadConfig } from "../../../apps/server/src/infra/config/config";
import { createLogger } from "../../../apps/server/src/infra/logging/logger";
import type { BenchSystem, RunningWorker, WorkerSettings } from "./bench-system";
import {
  enqueueApproved,
  ensureInstances,
  executorProgress,
  executorSentTimes,
  migrateExecutorTables,
  ORGANIZATION,
  seedSentHistory,
} from "./executor-tables";

/** The executor's setting that bounds sends in flight per instance, when this version has one. */
const PER_INSTANCE_SETTING = "PER_INSTANCE_CONCURRENCY";

/** The configuration a user would put in the environment, for this benchmark's settings. */
function configFor(settings: WorkerSettings, workerEnabled: boolean): Config {
  return loadConfig({
    DATABASE_URL: settings.databaseUrl,
    TURBOZAP_BASE_URL: settings.gatewayUrl,
    TURBOZAP_API_KEY: settings.apiKey,
    WORKER_CONCURRENCY: String(settings.concurrency),
    WORKER_ENABLED: String(workerEnabled),
    LOG_LEVEL: "warn",
    ...(settings.perInstanceSerial ? { [PER_INSTANCE_SETTING]: "1" } : {}),
  });
}

/** Whether the executor can bound sends per instance (the setting is known to its configuration). */
export function supportsPerInstanceLimit(): boolean {
  return PER_INSTANCE_SETTING in loadConfig({});
}

/** The executor as users run it: its configuration, its worker, its schema, timeline rows included. */
export const ours: BenchSystem = {
  name: "ours",
  settings: "defaults (WORKER_CONCURRENCY as given, DATABASE_POOL_SIZE 10)",
  prepare: migrateExecutorTables,
  enqueue: (pool, intents) => enqueueApproved(pool, intents),
  openApprover: async (databaseUrl, instances) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await ensureInstances(pool, instances);
    const { rows } = await pool.query<{ id: string; name: string }>("select id, name from instance");
    await pool.end();
    const instanceIds = new Map(rows.map((row) => [row.name, row.id]));
    const settings = { databaseUrl, gatewayUrl: "http://127.0.0.1:1", apiKey: "unused", concurrency: 1 };
    const { executor, close } = await startExecutor(
      configFor({ ...settings, perInstanceSerial: false }, false),
      createLogger("warn"),
    );
    return {
      approve: async (intent) => {
        const created = await executor.http.createIntent.execute({
          organizationId: ORGANIZATION,
          target: { kind: "PHONE", value: intent.to },
          purpose: "DISPATCH",
          content: { type: "TEXT", payload: { text: "bench" } },
        });
        await executor.http.approveIntent.execute({
          organizationId: ORGANIZATION,
          intentId: created.id,
          instanceId: instanceIds.get(intent.instance) ?? "",
          actor: "bench",
        });
      },
      close,
    };
  },
  seedHistory: seedSentHistory,
  progress: executorProgress,
  sentTimes: executorSentTimes,
  openWorker: async (settings): Promise<RunningWorker> => {
    const { executor, close } = await startExecutor(configFor(settings, true), createLogger("warn"));
    return {
      go: async () => executor.worker.start(),
      stop: async () => {
        await executor.worker.stop(10_000);
        await close();
      },
    };
  },
};
