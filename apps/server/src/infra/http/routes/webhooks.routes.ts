import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import { idParams } from "../schemas/common.schemas";
import { listDeliveriesQuery, registerWebhookBody } from "../schemas/webhook.schemas";
import { presentWebhookEndpoint } from "../webhook-presenters";

const notFound = (id: string) => errorBody("WEBHOOK_NOT_FOUND", `webhook endpoint ${id} not found`);

export const webhooksRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post("/v1/webhooks", { schema: { body: registerWebhookBody } }, async (request, reply) => {
    const endpoint = await deps.registerWebhook.execute({
      ...request.body,
      organizationId: organizationOf(request),
    });
    return reply.status(201).send({ ...presentWebhookEndpoint(endpoint), secret: endpoint.secret });
  });

  app.get("/v1/webhooks", async (request) => ({
    items: (await deps.webhookEndpoints.listForOrganization(organizationOf(request))).map(
      presentWebhookEndpoint,
    ),
  }));

  app.delete("/v1/webhooks/:id", { schema: { params: idParams } }, async (request, reply) => {
    const deleted = await deps.webhookEndpoints.delete(organizationOf(request), request.params.id);
    if (!deleted) return reply.status(404).send(notFound(request.params.id));
    return reply.status(204).send();
  });

  app.get(
    "/v1/webhooks/:id/deliveries",
    { schema: { params: idParams, querystring: listDeliveriesQuery } },
    async (request, reply) => {
      const endpoint = await deps.webhookEndpoints.findById(organizationOf(request), request.params.id);
      if (!endpoint) return reply.status(404).send(notFound(request.params.id));
      const page = await deps.webhookDeliveries.listForEndpoint(endpoint.id, request.query);
      return page;
    },
  );
};
