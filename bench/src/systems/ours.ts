import pg from "pg";
import { RUNNABLE_JOB_CHANNEL } from "../../../apps/server/src/infra/database/notification-channels";
import { openLiveStreams } from "../harness/live-streams";
import { postJson } from "../harness/post-json";
import type { GatewayName } from "../scenarios";
import type { BenchSystem, RunningWorker, WorkerSettings } from "./bench-system";
import { ExecutorProcess } from "./executor-process";
import {
  enqueueApproved,
  ensureInstances,
  executorProgress,
  executorSentTimes,
  migrateExecutorTables,
  ORGANIZATION,
  seedSentHistory,
} from "./executor-tables";

/** The variables that name each gateway and its credential. */
const GATEWAY_VARIABLES: Record<GatewayName, [url: string, credential: string]> = {
  turbozap: ["TURBOZAP_BASE_URL", "TURBOZAP_API_KEY"],
  evolution: ["EVOLUTION_BASE_URL", "EVOLUTION_API_KEY"],
  wuzapi: ["WUZAPI_BASE_URL", "WUZAPI_ADMIN_TOKEN"],
};

/** The environment a user would set for this benchmark's settings. */
function environmentFor(settings: WorkerSettings): Record<string, string> {
  const [url, credential] = GATEWAY_VARIABLES[settings.gateway];
  return {
    DATABASE_URL: settings.databaseUrl,
    [url]: settings.gatewayUrl,
    [credential]: settings.apiKey,
    WORKER_CONCURRENCY: String(settings.concurrency),
    // W2 asks for one send in flight per instance; elsewhere nothing limits instances.
    PER_INSTANCE_CONCURRENCY: settings.perInstanceSerial ? "1" : "0",
    LOG_LEVEL: "warn",
    EVENTS_MAX_STREAMS_PER_KEY: String(Math.max(10, settings.liveStreams)),
    ...(settings.keepHistory
      ? { RETAIN_FINISHED_FOR: "off", RETAIN_DELIVERIES_FOR: "off", RETAIN_GATEWAY_EVENTS_FOR: "off" }
      : {}),
  };
}

/**
 * Until "go", the organization is paused (the operator's pause): the executor is up, warm, and
 * claims nothing. The client that resumes it connects beforehand: three worker processes each
 * connecting at "go" took about 300 ms of a W6 run's clock before the first claim.
 */
async function pausedUntilGo(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `insert into organization_pause (organization_id, actor, reason, paused_at)
     values ($1, 'bench', 'until the run starts', now()) on conflict do nothing`,
    [ORGANIZATION],
  );
  return {
    go: async () => {
      await client.query("delete from organization_pause where organization_id = $1", [ORGANIZATION]);
      // Resuming touches no job, so nothing notifies: wake every worker as a new job would.
      await client.query("select pg_notify($1, '')", [RUNNABLE_JOB_CHANNEL]);
    },
    close: () => client.end(),
  };
}

/** The executor as users run it: the built server configured by its environment, its schema, timeline rows included. */
export const ours: BenchSystem = {
  name: "ours",
  settings: "defaults (WORKER_CONCURRENCY as given, PER_INSTANCE_CONCURRENCY 0, W2 1, DATABASE_POOL_SIZE 10)",
  prepare: migrateExecutorTables,
  enqueue: (pool, intents, _perInstanceSerial, gateway) => enqueueApproved(pool, intents, gateway),
  openApprover: async (databaseUrl, instances) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await ensureInstances(pool, instances);
    const { rows } = await pool.query<{ id: string; name: string }>("select id, name from instance");
    await pool.end();
    const instanceIds = new Map(rows.map((row) => [row.name, row.id]));
    // Called over HTTP as a gate would.
    const api = await ExecutorProcess.startApiOnly(databaseUrl);
    return {
      approve: async (intent) => {
        const created = await postJson<{ id: string }>(`${api.url}/v1/intents`, {
          target: { kind: "PHONE", value: intent.to },
          purpose: "DISPATCH",
          type: "TEXT",
          payload: { text: "bench" },
        });
        await postJson(`${api.url}/v1/intents/${created.id}/approve`, {
          instanceId: instanceIds.get(intent.instance),
          actor: "bench",
        });
      },
      close: () => api.stop(),
    };
  },
  seedHistory: seedSentHistory,
  pace: async (pool, minIntervalMs) => {
    await pool.query(
      "update instance set pacing = jsonb_build_object('minIntervalMs', $1::int, 'jitterMs', 0)",
      [minIntervalMs],
    );
  },
  progress: executorProgress,
  sentTimes: executorSentTimes,
  openWorker: async (settings): Promise<RunningWorker> => {
    const pause = await pausedUntilGo(settings.databaseUrl);
    const executor = await ExecutorProcess.start(environmentFor(settings));
    const streams = await openLiveStreams(executor.url, settings.liveStreams);
    return {
      go: pause.go,
      usage: () => executor.usage(),
      stop: async () => {
        await streams.close();
        await executor.stop();
        await pause.close();
      },
    };
  },
};
