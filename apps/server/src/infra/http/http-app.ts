import { join } from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { SERVER_ROOT } from "../../server-root";
import type { Logger } from "../logging/logger";
import { registerRequestSpans } from "../tracing/request-spans";
import type { Tracing } from "../tracing/tracing";
import { registerAuthentication } from "./authentication";
import { registerErrorHandling } from "./error-handler";
import type { HttpDependencies } from "./http-dependencies";
import type { HttpSettings } from "./http-settings";
import { registerOpenApi } from "./openapi";
import { RateLimiter } from "./rate-limiter";
import { requestIdOf } from "./request-id";
import { registerResponseHeaders } from "./response-headers";
import { apiKeysRoutes } from "./routes/api-keys.routes";
import { dashboardRoutes } from "./routes/dashboard.routes";
import { eventsRoutes } from "./routes/events.routes";
import { evolutionWebhookRoutes } from "./routes/evolution-webhook.routes";
import { healthRoutes } from "./routes/health.routes";
import { instancesRoutes } from "./routes/instances.routes";
import { intentsRoutes } from "./routes/intents.routes";
import { intentsBatchRoutes } from "./routes/intents-batch.routes";
import { jobsRoutes } from "./routes/jobs.routes";
import { metricsRoutes } from "./routes/metrics.routes";
import { organizationRoutes } from "./routes/organization.routes";
import { statsRoutes } from "./routes/stats.routes";
import { turboZapWebhookRoutes } from "./routes/turbozap-webhook.routes";
import { webhooksRoutes } from "./routes/webhooks.routes";
import { wuzapiWebhookRoutes } from "./routes/wuzapi-webhook.routes";
import { registerStorableInputCheck } from "./storable-input";

/** Where `npm run build -w apps/web` writes the dashboard. */
export const DEFAULT_DASHBOARD_ROOT = join(SERVER_ROOT, "..", "web", "dist");

export interface HttpAppOptions {
  dashboardRoot?: string;
  /** A span per request when on; default off. */
  tracing?: Tracing;
}

/** The HTTP API: one plugin per resource, zod at the edge (in, out and in the OpenAPI document), one error shape. */
export async function buildHttpApp(
  deps: HttpDependencies,
  logger: Logger,
  settings: HttpSettings & HttpAppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    genReqId: requestIdOf,
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.idleTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // Node enforces the deadline only when the server is created with it (and headers within it),
    // checking every connectionsCheckingInterval (30 s by default): a fraction of the deadline.
    http: {
      requestTimeout: settings.requestTimeoutMs,
      headersTimeout: Math.min(60_000, settings.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, settings.requestTimeoutMs / 4)),
    },
  });
  app.server.maxConnections = settings.maxConnections;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (settings.tracing) registerRequestSpans(app, settings.tracing);
  registerErrorHandling(app);
  registerResponseHeaders(app, settings.corsOrigins);
  registerAuthentication(
    app,
    deps.apiKeys,
    new RateLimiter(settings.rateLimitPerMinute),
    new RateLimiter(settings.authFailuresPerMinute),
  );
  registerStorableInputCheck(app);
  await registerOpenApi(app);
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, { ...deps, access: settings.metrics });
  await app.register(instancesRoutes, deps);
  await app.register(intentsRoutes, deps);
  await app.register(intentsBatchRoutes, deps);
  await app.register(jobsRoutes, deps);
  await app.register(turboZapWebhookRoutes, deps);
  await app.register(evolutionWebhookRoutes, deps);
  await app.register(wuzapiWebhookRoutes, deps);
  await app.register(eventsRoutes, deps);
  await app.register(webhooksRoutes, deps);
  await app.register(organizationRoutes, deps);
  await app.register(apiKeysRoutes, deps);
  await app.register(statsRoutes, deps);
  await app.register(dashboardRoutes, { root: settings.dashboardRoot ?? DEFAULT_DASHBOARD_ROOT });
  return app;
}
