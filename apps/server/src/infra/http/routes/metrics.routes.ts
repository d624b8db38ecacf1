import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { matchesSecret } from "../matches-secret";
import type { MetricsAccess } from "../metrics-access";

export const metricsRoutes: FastifyPluginAsyncZod<HttpDependencies & { access: MetricsAccess }> = async (
  app,
  deps,
) => {
  app.get(
    "/metrics",
    {
      schema: {
        summary: "Prometheus metrics (text exposition format); Bearer METRICS_TOKEN unless public",
        tags: ["operations"],
        security: [],
      },
    },
    async (request, reply) => {
      const { access } = deps;
      if (access.kind === "off")
        return reply
          .status(404)
          .send(errorBody("METRICS_OFF", "/metrics is off: set METRICS_TOKEN to serve it to Bearer callers"));
      if (access.kind === "token") {
        const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? "")?.[1];
        if (!matchesSecret(presented, access.token))
          return reply
            .status(401)
            .header("www-authenticate", "Bearer")
            .send(errorBody("UNAUTHENTICATED", "/metrics needs Authorization: Bearer <METRICS_TOKEN>"));
      }
      const body = await deps.metrics.render();
      return reply.type(deps.metrics.contentType).send(body);
    },
  );
};
