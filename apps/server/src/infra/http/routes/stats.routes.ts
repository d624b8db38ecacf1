import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";

export const statsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get("/v1/stats/overview", async (request) => deps.getOverviewStats.execute(organizationOf(request)));
};
