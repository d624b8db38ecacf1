import { join } from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { SERVER_ROOT } from "../../server-root";
import type { Logger } from "../logging/logger";
import { registerAuthentication } from "./authentication";
import { registerErrorHandling } from "./error-handler";
import type { HttpDependencies } from "./http-dependencies";
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from "./http-settings";
import { registerOpenApi } from "./openapi";
import { RateLimiter } from "./rate-limiter";
import { requestIdOf } from "./request-id";
import { registerResponseHeaders } from "./response-headers";
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

/** Where `npm run build -w apps/web` writes the dashboard. */
export const DEFAULT_DASHBOARD_ROOT = join(SERVER_ROOT, "..", "web", "dist");

export interface HttpAppOptions {
  dashboardRoot?: string;
}

/** The HTTP API: one plugin per resource, zod at the edge (in, out and in the OpenAPI document), one error shape. */
export async function buildHttpApp(
  deps: HttpDependencies,
  logger: Logger,
  settings: HttpSettings & HttpAppOptions = DEFAULT_HTTP_SETTINGS,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    genReqId: requestIdOf,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerResponseHeaders(app, settings.corsOrigins);
  registerAuthentication(app, deps.apiKeys, new RateLimiter(settings.rateLimitPerMinute));
  await registerOpenApi(app);
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
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
  await app.register(statsRoutes, deps);
  await app.register(dashboardRoutes, { root: settings.dashboardRoot ?? DEFAULT_DASHBOARD_ROOT });
  return app;
}
