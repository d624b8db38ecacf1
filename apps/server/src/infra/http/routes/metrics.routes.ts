import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";

export const metricsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get(
    "/metrics",
    {
      schema: {
        summary: "Prometheus metrics (text exposition format)",
        tags: ["operations"],
        security: [],
      },
    },
    async (_request, reply) => {
      const body = await deps.metrics.render();
      return reply.type(deps.metrics.contentType).send(body);
    },
  );
};
