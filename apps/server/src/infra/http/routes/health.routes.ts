import type { FastifyBaseLogger } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { liveResponse, notReadyResponse, readyResponse } from "../schemas/health.schemas";

/** Liveness says the process answers; readiness says it can serve: database up, schema current. */
export const healthRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness: the process is up (touches no dependency)",
        tags: ["operations"],
        security: [],
        response: { 200: liveResponse },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: {
        summary: "Readiness: the database answers and every shipped migration is applied",
        tags: ["operations"],
        security: [],
        response: { 200: readyResponse, 503: notReadyResponse },
      },
    },
    async (request, reply) => {
      const reason = await notReadyReason(deps, request.log);
      if (reason === null) return { status: "ready" as const };
      return reply.status(503).send({ status: "unavailable", reason });
    },
  );
};

async function notReadyReason(deps: HttpDependencies, log: FastifyBaseLogger): Promise<string | null> {
  try {
    await deps.checkDatabase();
  } catch (error) {
    log.warn({ err: error }, "readiness: database unreachable");
    return "database unreachable";
  }
  try {
    const pending = await deps.pendingMigrations();
    return pending.length > 0 ? `migrations not applied: ${pending.join(", ")}` : null;
  } catch (error) {
    log.warn({ err: error }, "readiness: applied migrations unreadable");
    return "could not read the applied migrations";
  }
}
