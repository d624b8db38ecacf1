import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { HttpError } from "../http-error";
import { organizationOf } from "../organization-context";
import { idParams } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";
import {
  listDeliveriesQuery,
  registeredWebhookResponse,
  registerWebhookBody,
  rotatedSecretResponse,
  rotateSecretBody,
  webhookDeliveryPageResponse,
  webhookEndpointListResponse,
} from "../schemas/webhook.schemas";
import { presentWebhookEndpoint } from "../webhook-presenters";

function carriesBody(request: FastifyRequest): boolean {
  const { "content-type": type, "content-length": length, "transfer-encoding": chunked } = request.headers;
  return type !== undefined || (length !== undefined && length !== "0") || chunked !== undefined;
}

const notFound = (id: string) => errorBody("WEBHOOK_NOT_FOUND", `webhook endpoint ${id} not found`);

export const webhooksRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post(
    "/v1/webhooks",
    {
      schema: {
        summary:
          "Register a webhook endpoint for some timeline event types (answers its signing secret once)",
        tags: ["webhooks"],
        body: registerWebhookBody,
        response: { 201: registeredWebhookResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const endpoint = await deps.registerWebhook.execute({
        ...request.body,
        organizationId: organizationOf(request),
      });
      return reply.status(201).send({ ...presentWebhookEndpoint(endpoint), secret: endpoint.secret });
    },
  );

  app.get(
    "/v1/webhooks",
    {
      schema: {
        summary: "List the organization's webhook endpoints (without secrets)",
        tags: ["webhooks"],
        response: { 200: webhookEndpointListResponse, ...errorResponses },
      },
    },
    async (request) => ({
      items: (await deps.webhookEndpoints.listForOrganization(organizationOf(request))).map(
        presentWebhookEndpoint,
      ),
    }),
  );

  app.delete(
    "/v1/webhooks/:id",
    {
      schema: {
        summary: "Delete a webhook endpoint and the deliveries it is still owed",
        tags: ["webhooks"],
        params: idParams,
        response: { 204: z.null().meta({ description: "Deleted" }), ...errorResponses },
      },
      // A deletion says all it means in its path: a body is a mistaken request, not one to ignore.
      preValidation: async (request) => {
        if (carriesBody(request))
          throw new HttpError(400, "BODY_NOT_ALLOWED", "DELETE /v1/webhooks/:id takes no request body");
      },
    },
    async (request, reply) => {
      const deleted = await deps.webhookEndpoints.delete(organizationOf(request), request.params.id);
      if (!deleted) return reply.status(404).send(notFound(request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/v1/webhooks/:id/rotate-secret",
    {
      schema: {
        summary:
          "Issue a new signing secret; the old one keeps signing beside it for a grace period (answers the new secret once)",
        tags: ["webhooks"],
        params: idParams,
        body: rotateSecretBody,
        response: { 200: rotatedSecretResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rotated = await deps.rotateWebhookSecret.execute({
        organizationId: organizationOf(request),
        endpointId: request.params.id,
        gracePeriodSeconds: request.body.gracePeriodSeconds,
      });
      if (!rotated) return reply.status(404).send(notFound(request.params.id));
      const { endpoint, previousSecretExpiresAt } = rotated;
      return { ...presentWebhookEndpoint(endpoint), secret: endpoint.secret, previousSecretExpiresAt };
    },
  );

  app.get(
    "/v1/webhooks/:id/deliveries",
    {
      schema: {
        summary: "A webhook endpoint's deliveries, newest first, each with its attempt log",
        tags: ["webhooks"],
        params: idParams,
        querystring: listDeliveriesQuery,
        response: { 200: webhookDeliveryPageResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const endpoint = await deps.webhookEndpoints.findById(organizationOf(request), request.params.id);
      if (!endpoint) return reply.status(404).send(notFound(request.params.id));
      return deps.webhookDeliveries.listForEndpoint(endpoint.id, request.query);
    },
  );
};
