import { type EvolutionSim, startEvolutionSim } from "@whatlead/evolution-sim";
import { type SimOptions, startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim, type WuzapiSim } from "@whatlead/wuzapi-sim";
import { sql } from "drizzle-orm";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { Clock } from "../../src/application/ports/clock";
import { createExecutor, type Executor } from "../../src/infra/composition/create-executor";
import { StaticProviderRegistry } from "../../src/infra/composition/static-provider-registry";
import type { Config, ConfigInput } from "../../src/infra/config/config";
import type { Database } from "../../src/infra/database/database";
import { createPersistence, type Persistence } from "../../src/infra/database/persistence";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { buildHttpApp } from "../../src/infra/http/http-app";
import { type HttpSettings, httpSettingsOf } from "../../src/infra/http/http-settings";
import { createLogger, type Logger } from "../../src/infra/logging/logger";
import { EvolutionClient } from "../../src/infra/providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../../src/infra/providers/evolution/evolution-provider-adapter";
import { type MediaFetcher, mediaFetcherOf } from "../../src/infra/providers/media/media-fetcher";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../../src/infra/providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../../src/infra/providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../../src/infra/providers/wuzapi/wuzapi-provider-adapter";
import { wuzapiInstanceOf } from "../../src/infra/providers/wuzapi/wuzapi-user-token";
import type { Tracing } from "../../src/infra/tracing/tracing";
import type { LookupAddresses } from "../../src/infra/webhooks/webhook-target-guard";
import { createPgliteTestDatabase } from "./create-pglite-test-database";
import { createTestDatabase } from "./create-test-database";
import { testSettings } from "./test-settings";

export interface HarnessOptions {
  database: "postgres" | "pglite";
  sim?: SimOptions;
  /** Settings as the environment gives them, validated and defaulted like the server's (see testSettings). */
  settings?: ConfigInput;
  timeoutMs?: number;
  poolSize?: number;
  /** Serve the API on a port and have registered instances post their gateway webhooks to it. */
  webhooks?: boolean;
  http?: Partial<HttpSettings>;
  /** The built dashboard to serve at `/` (default: apps/web/dist). */
  dashboardRoot?: string;
  /** Where the executor logs; by default the real logger, silent unless TEST_LOG_LEVEL says otherwise. */
  logger?: Logger;
  /** Also run the Evolution and wuzapi simulators, registered as providers beside TurboZap. */
  allGateways?: boolean;
  /** What webhook hosts resolve to (no outside DNS in tests). */
  webhookLookup?: LookupAddresses;
  /** Spans of the API, the worker, the gateway calls and webhook deliveries; off by default. */
  tracing?: Tracing;
}

/** The simulators beside TurboZap's, when the harness runs them. */
export interface OtherGateways {
  evolution: EvolutionSim;
  wuzapi: WuzapiSim;
}

export const TEST_WEBHOOK_SECRET = "test-webhook-secret-0123456789";

/** An organization as its API client sees it: its id, its key, and calls made with that key. */
export interface TestOrganization {
  id: string;
  apiKey: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface Harness {
  sim: TurboZapSim;
  /** Present with allGateways. */
  others: OtherGateways | null;
  database: Database;
  persistence: Persistence;
  /**
   * Builds one more executor (its own worker id) on the same database and gateway: another
   * "process", on its own clock when given. `unchecked` replaces validated settings with values no
   * operator may choose, for a worker that must misbehave (one whose heartbeat never comes before
   * its lease ends).
   */
  spawnExecutor(
    workerId: string,
    settings?: ConfigInput,
    clock?: Clock,
    unchecked?: Partial<Config>,
  ): Executor;
  executor: Executor;
  app: FastifyInstance;
  /** The test organization ("default", where the executor's own tests write) and its key. */
  organization: TestOrganization;
  /** An API call as a client makes it; the one place where tests attach the caller's credentials. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Steps the worker by hand: one claim pass, then waits for the sends it started. */
  step(): Promise<void>;
  /** An intent with its job and timeline, as `GET /v1/intents/{id}` answers it. */
  // biome-ignore lint/suspicious/noExplicitAny: the body as JSON, read field by field like `.json()`.
  details(intentId: string): Promise<any>;
  /** One more API on the same database (another "process"), called as the test organization. */
  spawnApi(
    http?: Partial<HttpSettings>,
  ): Promise<(options: InjectOptions) => Promise<LightMyRequestResponse>>;
  /** Another organization with a key of its own, for cross-organization tests. */
  createOrganization(name: string): Promise<TestOrganization>;
  close(): Promise<void>;
}

/** The whole executor over real parts: a migrated database, the simulator over HTTP, the HTTP app. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const testDb =
    options.database === "postgres"
      ? await createTestDatabase({ max: options.poolSize ?? 10 })
      : await createPgliteTestDatabase();
  const sim = await startTurboZapSim({ receipts: false, ...options.sim });
  const persistence = createPersistence(testDb.database);
  const client = new TurboZapClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    timeoutMs: options.timeoutMs ?? 2_000,
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 2_000;
  const others = options.allGateways ? await startOtherGateways(options.sim) : null;
  // Media for wuzapi is fetched behind the webhooks' guard, on the names the test's resolver knows.
  const media = mediaFetcherOf(testSettings(options.settings), options.webhookLookup);
  const providers = new StaticProviderRegistry([
    new TurboZapProviderAdapter(client),
    ...(others ? otherProviders(others, timeoutMs, media) : []),
  ]);
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const executors: Executor[] = [];
  let webhookBaseUrl: string | null = null;
  const gatewayWebhooks = {
    secrets: { turbozap: TEST_WEBHOOK_SECRET, evolution: TEST_WEBHOOK_SECRET },
    target: (provider: string) =>
      webhookBaseUrl
        ? {
            url: `${webhookBaseUrl}/v1/webhooks/${provider}`,
            headers: { "X-Webhook-Secret": TEST_WEBHOOK_SECRET },
          }
        : null,
    wuzapiInstanceOf: (token: string) => (others ? wuzapiInstanceOf(others.wuzapi.adminToken, token) : null),
  };
  const spawnExecutor = (
    workerId: string,
    settings: ConfigInput = {},
    clock?: Clock,
    unchecked: Partial<Config> = {},
  ) => {
    const executor = createExecutor({
      ...persistence,
      providers,
      logger,
      settings: { ...testSettings({ ...options.settings, ...settings }), ...unchecked },
      workerId,
      gatewayWebhooks,
      ...(clock ? { clock } : {}),
      ...(options.webhookLookup ? { webhookLookup: options.webhookLookup } : {}),
      ...(options.tracing ? { tracing: options.tracing } : {}),
    });
    executors.push(executor);
    // Receipts are applied as they come, as in a running process.
    executor.receiptApplier.start();
    return executor;
  };
  const executor = spawnExecutor("worker-1");
  const httpSettings = {
    ...httpSettingsOf(testSettings(options.settings)),
    ...options.http,
    dashboardRoot: options.dashboardRoot,
    ...(options.tracing ? { tracing: options.tracing } : {}),
  };
  const app = await buildHttpApp(executor.http, logger, httpSettings);
  const apps = [app];
  const apiKeys = executor.http.apiKeys;
  const organizationWith = (key: { organizationId: string }, secret: string): TestOrganization => ({
    id: key.organizationId,
    apiKey: secret,
    request: (requestOptions) => app.inject(withApiKey(requestOptions, secret)),
  });
  const organization = organizationWith(await apiKeys.ensureBootstrapKey(TEST_API_KEY), TEST_API_KEY);
  if (options.webhooks) {
    webhookBaseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  }
  return {
    sim,
    others,
    database: testDb.database,
    persistence,
    spawnExecutor,
    executor,
    app,
    organization,
    request: organization.request,
    step: async () => {
      await executor.worker.runOnce();
      await executor.worker.idle();
    },
    details: async (intentId) =>
      (await organization.request({ method: "GET", url: `/v1/intents/${intentId}` })).json(),
    spawnApi: async (http = {}) => {
      const other = await buildHttpApp(spawnExecutor(`api-${apps.length + 1}`).http, logger, {
        ...httpSettings,
        ...http,
      });
      apps.push(other);
      return (requestOptions) => other.inject(withApiKey(requestOptions, TEST_API_KEY));
    },
    createOrganization: async (name) => {
      const { key, secret } = await apiKeys.create(name, "test");
      return organizationWith(key, secret);
    },
    close: async () => {
      await Promise.all(apps.map((a) => a.close()));
      await Promise.all(
        executors.flatMap((e) => [e.worker.stop(5_000), e.maintenance.stop(), e.receiptApplier.stop()]),
      );
      await sim.close();
      await Promise.all([others?.evolution.close(), others?.wuzapi.close()]);
      await testDb.close();
    },
  };
}

const TEST_API_KEY = "wlk_test-key-of-the-default-organization";

/** Receipts as TurboZap's simulator sends them; webhook retries fast, as tests want them. */
/** The other simulators receive TurboZap's receipts and pairing options. */
async function startOtherGateways(sim: SimOptions | undefined): Promise<OtherGateways> {
  const receipts = sim?.receipts ?? false;
  const autoConnect = sim?.autoConnect ?? true;
  const [evolution, wuzapi] = await Promise.all([
    startEvolutionSim({ receipts, autoConnect, webhookBackoffScaleMs: 5 }),
    startWuzapiSim({ receipts, autoConnect }),
  ]);
  return { evolution, wuzapi };
}

/** The simulator serving `provider`; Evolution's and wuzapi's need `allGateways`. */
export function simOf(h: Harness, provider: string): TurboZapSim | EvolutionSim | WuzapiSim {
  if (provider === "turbozap") return h.sim;
  if (h.others === null) throw new Error("the harness runs TurboZap only: start it with allGateways");
  if (provider === "evolution") return h.others.evolution;
  if (provider === "wuzapi") return h.others.wuzapi;
  throw new Error(`no simulator for provider "${provider}"`);
}

function otherProviders(others: OtherGateways, timeoutMs: number, media: MediaFetcher) {
  const { evolution, wuzapi } = others;
  return [
    new EvolutionProviderAdapter(
      new EvolutionClient({ baseUrl: evolution.url, apiKey: evolution.apiKey, timeoutMs }),
      evolution.apiKey,
    ),
    new WuzapiProviderAdapter(
      new WuzapiClient({ baseUrl: wuzapi.url, adminToken: wuzapi.adminToken, timeoutMs }),
      wuzapi.adminToken,
      media,
    ),
  ];
}

/** Attaches the key unless the test sets the Authorization header itself; `undefined` sends none. */
function withApiKey(options: InjectOptions, secret: string): InjectOptions {
  const { authorization, ...others } = options.headers ?? {};
  if (!("authorization" in (options.headers ?? {}))) {
    return { ...options, headers: { ...others, authorization: `Bearer ${secret}` } };
  }
  return { ...options, headers: authorization === undefined ? others : { ...others, authorization } };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts `count` workers (each its own executor, as separate processes would be) on the harness's
 * database, waits until `expectedSent` jobs of the default organization are SENT, then stops them.
 */
export async function raceWorkersUntilSent(
  h: Harness,
  count: number,
  settings: ConfigInput & { namePrefix: string },
  expectedSent: number,
): Promise<void> {
  const { namePrefix, ...executorSettings } = settings;
  const workers = Array.from(
    { length: count },
    (_, i) => h.spawnExecutor(`${namePrefix}-${i}`, executorSettings).worker,
  );
  for (const worker of workers) worker.start();
  const sent = async () =>
    (await h.persistence.repos.jobs.list({ organizationId: "default", status: "SENT", limit: expectedSent }))
      .items.length;
  // A hang guard: under a loaded machine (load 8–12) 8 racing workers in one process took over a minute.
  await eventually(async () => ((await sent()) === expectedSent ? true : undefined), 150_000).catch(
    async (error: Error) => {
      const rows = await queryRows(
        h.database.db,
        sql`select status, last_error->>'code' as code, count(*)::int as n from message_execution_job group by 1, 2`,
      );
      throw new Error(
        `${error.message}: ${await sent()} of ${expectedSent} SENT; jobs ${JSON.stringify(rows)}`,
      );
    },
  );
  await Promise.all(workers.map((w) => w.stop(5_000)));
}
