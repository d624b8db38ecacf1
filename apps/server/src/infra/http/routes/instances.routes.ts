import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ApplicationError } from "../../../application/application-error";
import type { Instance } from "../../../domain/instance/instance";
import type { RecentSends } from "../../../domain/instance/instance-pacing";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";
import { instanceListResponse, instanceResponse, registerInstanceBody } from "../schemas/instance.schemas";
import { updateInstanceBody } from "../schemas/instance-settings.schemas";

const NO_SENDS: RecentSends = { lastMinute: 0, lastHour: 0, lastDay: 0, dayCap: null };

/** Instances as the API shows them: with their sends in the rolling minute, hour and day against the caps. */
async function withSends(deps: HttpDependencies, instances: Instance[]) {
  const sends = await deps.repos.instances.recentSends(instances.map((instance) => instance.id));
  return instances.map((instance) => ({ ...instance, sends: sends.get(instance.id) ?? NO_SENDS }));
}

async function shown(deps: HttpDependencies, instance: Instance) {
  const sends = await deps.repos.instances.recentSends([instance.id]);
  return { ...instance, sends: sends.get(instance.id) ?? NO_SENDS };
}

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
      return reply.status(201).send(await shown(deps, instance));
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
      const items = await withSends(deps, await deps.repos.instances.list(organizationId));
      return { items, organizationPaused: pause !== null };
    },
  );

  app.get(
    "/v1/instances/:id",
    {
      schema: {
        summary: "One instance: its state, hold, pacing, warm-up, sending window and recent sends",
        tags: ["instances"],
        params: idParams,
        response: { 200: instanceResponse, ...errorResponses },
      },
    },
    async (request) => {
      const instance = await deps.repos.instances.findById(request.params.id);
      if (!instance || instance.organizationId !== organizationOf(request))
        throw new ApplicationError("INSTANCE_NOT_FOUND", `instance ${request.params.id} not found`);
      return shown(deps, instance);
    },
  );

  app.patch(
    "/v1/instances/:id",
    {
      schema: {
        summary:
          "Rename an instance, set its pacing, warm-up and sending window (null removes one) or switch its recipient check",
        tags: ["instances"],
        params: idParams,
        body: updateInstanceBody,
        response: { 200: instanceResponse, ...errorResponses },
      },
    },
    async (request) => {
      const instance = await deps.updateInstanceSettings.execute({
        ...request.body,
        organizationId: organizationOf(request),
        instanceId: request.params.id,
      });
      request.log.info(
        { instanceId: instance.id, changed: Object.keys(request.body) },
        "instance settings changed",
      );
      // A window or pacing removed can make waiting jobs claimable at once.
      deps.wakeWorker();
      return shown(deps, instance);
    },
  );

  app.post(
    "/v1/instances/:id/reconnect",
    {
      schema: {
        summary:
          "Ask the number's gateway to connect it again (recreated there if it forgot it, webhook set again); answers the state the gateway reports",
        tags: ["instances"],
        params: idParams,
        body: operatorActionBody,
        response: { 200: instanceResponse, ...errorResponses },
      },
    },
    async (request) => {
      const instance = await deps.reconnectInstance.execute({
        organizationId: organizationOf(request),
        instanceId: request.params.id,
      });
      request.log.info(
        { instanceId: instance.id, status: instance.status, actor: request.body.actor },
        "instance reconnect asked",
      );
      if (instance.status === "connected") deps.wakeWorker();
      return shown(deps, instance);
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
        return shown(deps, instance);
      },
    );
  }
};
