import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { errorResponses } from "../schemas/error.schemas";
import { instanceListResponse, instanceResponse, registerInstanceBody } from "../schemas/instance.schemas";

export const instancesRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post(
    "/v1/instances",
    {
      schema: {
        summary: "Register a WhatsApp instance (a gateway number)",
        tags: ["instances"],
        body: registerInstanceBody,
        response: { 201: instanceResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const instance = await deps.registerInstance.execute({
        ...request.body,
        organizationId: organizationOf(request),
      });
      return reply.status(201).send(instance);
    },
  );

  app.get(
    "/v1/instances",
    {
      schema: {
        summary: "List the organization's instances",
        tags: ["instances"],
        response: { 200: instanceListResponse, ...errorResponses },
      },
    },
    async (request) => ({
      items: await deps.repos.instances.list(organizationOf(request)),
    }),
  );
};
