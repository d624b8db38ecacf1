import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { errorResponses } from "../schemas/error.schemas";
import { overviewStatsResponse } from "../schemas/stats.schemas";

export const statsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get(
    "/v1/stats/overview",
    {
      schema: {
        summary:
          "The operator overview: counts by status, sends per minute, failures, backlog, one lane per instance",
        tags: ["stats"],
        response: { 200: overviewStatsResponse, ...errorResponses },
      },
    },
    async (request) => deps.getOverviewStats.execute(organizationOf(request)),
  );
};
