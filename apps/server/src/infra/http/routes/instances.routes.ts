import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
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
    async (request) => {
      const organizationId = organizationOf(request);
      const pause = await deps.repos.instances.findOrganizationPause(organizationId);
      return { items: await deps.repos.instances.list(organizationId), organizationPaused: pause !== null };
    },
  );

  for (const [action, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    app.post(
      `/v1/instances/:id/${action}`,
      {
        schema: {
          summary:
            action === "pause"
              ? "Pause an instance: its jobs wait unclaimed and spend no attempt"
              : "Resume a paused instance: its waiting jobs run again",
          tags: ["instances"],
          params: idParams,
          body: operatorActionBody,
          response: { 200: instanceResponse, ...errorResponses },
        },
      },
      async (request) => {
        const instance = await deps.pauseInstance.execute({
          ...request.body,
          organizationId: organizationOf(request),
          instanceId: request.params.id,
          paused,
        });
        request.log.info(
          { instanceId: instance.id, paused, actor: request.body.actor, reason: request.body.reason },
          `instance ${action}d`,
        );
        if (!paused) deps.wakeWorker();
        return instance;
      },
    );
  }
};
