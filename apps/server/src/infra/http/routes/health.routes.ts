import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";

export const healthRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get("/healthz", async (_request, reply) => {
    try {
      await deps.checkDatabase();
      return { status: "ok" };
    } catch {
      return reply.status(503).send({ status: "unavailable", database: "unreachable" });
    }
  });
};
