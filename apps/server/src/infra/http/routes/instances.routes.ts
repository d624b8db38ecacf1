import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { registerInstanceBody } from "../schemas/instance.schemas";

export const instancesRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post("/v1/instances", { schema: { body: registerInstanceBody } }, async (request, reply) => {
    const instance = await deps.registerInstance.execute({
      ...request.body,
      organizationId: organizationOf(request),
    });
    return reply.status(201).send(instance);
  });

  app.get("/v1/instances", async (request) => ({
    items: await deps.repos.instances.list(organizationOf(request)),
  }));
};
