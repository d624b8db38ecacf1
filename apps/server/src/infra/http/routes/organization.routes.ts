import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { OrganizationPause } from "../../../domain/instance/organization-pause";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { operatorActionBody } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";
import { organizationResponse } from "../schemas/organization.schemas";

function presentOrganization(organizationId: string, pause: OrganizationPause | null) {
  return { organizationId, paused: pause !== null, pause };
}

/** The caller's organization as a whole: pausing it holds every job of every instance. */
export const organizationRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.get(
    "/v1/organization",
    {
      schema: {
        summary: "The caller's organization and whether it is paused",
        tags: ["organization"],
        response: { 200: organizationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      return presentOrganization(
        organizationId,
        await deps.repos.instances.findOrganizationPause(organizationId),
      );
    },
  );

  for (const [action, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    app.post(
      `/v1/organization/${action}`,
      {
        schema: {
          summary: `${action === "pause" ? "Pause" : "Resume"} every instance of the organization`,
          tags: ["organization"],
          body: operatorActionBody,
          response: { 200: organizationResponse, ...errorResponses },
        },
      },
      async (request) => {
        const organizationId = organizationOf(request);
        const pause = await deps.pauseOrganization.execute({ ...request.body, organizationId, paused });
        request.log.info(
          { organizationId, paused, actor: request.body.actor, reason: request.body.reason },
          `organization ${action}d`,
        );
        if (!paused) deps.wakeWorker();
        return presentOrganization(organizationId, pause);
      },
    );
  }
};
