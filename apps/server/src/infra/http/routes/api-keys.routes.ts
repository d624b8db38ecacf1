import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ApiKey } from "../../../domain/organization/api-key";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { organizationOf } from "../organization-context";
import {
  apiKeyListResponse,
  apiKeyResponse,
  createApiKeyBody,
  createdApiKeyResponse,
} from "../schemas/api-key.schemas";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";

/** A key as its organization may see it: no secret, no hash, and whether it is the one asking. */
function presentApiKey(key: ApiKey, request: FastifyRequest) {
  const { organizationId: _organization, ...shown } = key;
  return { ...shown, current: key.id === request.caller?.keyId };
}

export const apiKeysRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post(
    "/v1/api-keys",
    {
      schema: {
        summary: "Create an API key for the caller's organization (answers its secret once)",
        tags: ["api-keys"],
        body: createApiKeyBody,
        response: { 201: createdApiKeyResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { key, secret } = await deps.apiKeys.createFor(organizationOf(request), request.body.label);
      request.log.info({ keyId: key.id, label: key.label }, "api key created");
      return reply.status(201).send({ ...presentApiKey(key, request), secret });
    },
  );

  app.get(
    "/v1/api-keys",
    {
      schema: {
        summary: "List the organization's API keys, revoked ones included (never a secret)",
        tags: ["api-keys"],
        response: { 200: apiKeyListResponse, ...errorResponses },
      },
    },
    async (request) => ({
      items: (await deps.apiKeys.listOf(organizationOf(request))).map(({ organizationName: _name, ...key }) =>
        presentApiKey(key, request),
      ),
    }),
  );

  app.post(
    "/v1/api-keys/:id/revoke",
    {
      schema: {
        summary: "Revoke an API key at once (the key making the request may revoke itself)",
        tags: ["api-keys"],
        params: idParams,
        body: operatorActionBody,
        response: { 200: apiKeyResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = await deps.apiKeys.revoke(request.params.id, organizationOf(request));
      if (!key) {
        return reply
          .status(404)
          .send(errorBody("API_KEY_NOT_FOUND", `API key ${request.params.id} not found`));
      }
      request.log.info(
        { keyId: key.id, actor: request.body.actor, reason: request.body.reason },
        "api key revoked",
      );
      return presentApiKey(key, request);
    },
  );
};
