import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { MessageContent } from "../../../domain/intent/message-payload";
import { canonicalJson } from "../canonical-json";
import type { HttpDependencies } from "../http-dependencies";
import { idempotencyOf } from "../idempotency-key-header";
import { organizationOf } from "../organization-context";
import { presentIntent, presentJob, presentPage, presentTimelineEntry } from "../presenters";
import { idParams } from "../schemas/common.schemas";
import {
  approveIntentBody,
  createIntentBody,
  decideIntentBody,
  listIntentsQuery,
} from "../schemas/intent.schemas";

export const intentsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post("/v1/intents", { schema: { body: createIntentBody } }, async (request, reply) => {
    const { target, purpose, ...content } = request.body;
    const input = {
      organizationId: organizationOf(request),
      target,
      purpose,
      content: content as MessageContent,
    };
    const idempotency = idempotencyOf(request);
    if (idempotency) {
      const first = await deps.createIntent.executeIdempotently(input, {
        ...idempotency,
        respond: (intent) => ({ statusCode: 201, body: presentIntent(intent) }),
      });
      // Canonical text: the first answer and its replays (read back from jsonb) are the same bytes.
      return reply.status(first.statusCode).type("application/json").send(canonicalJson(first.body));
    }
    const intent = await deps.createIntent.execute(input);
    return reply.status(201).send(presentIntent(intent));
  });

  app.post(
    "/v1/intents/:id/approve",
    { schema: { params: idParams, body: approveIntentBody } },
    async (request) => {
      const { intent, job } = await deps.approveIntent.execute({
        organizationId: organizationOf(request),
        intentId: request.params.id,
        instanceId: request.body.instanceId,
        actor: request.body.actor,
      });
      return { ...presentIntent(intent), job: presentJob(job) };
    },
  );

  app.post(
    "/v1/intents/:id/decide",
    { schema: { params: idParams, body: decideIntentBody } },
    async (request) => {
      const { intent, job } = await deps.decideIntent.execute({
        organizationId: organizationOf(request),
        intentId: request.params.id,
        instanceId: request.body.instanceId,
        actor: request.body.actor,
      });
      return { ...presentIntent(intent), job: job ? presentJob(job) : null };
    },
  );

  app.get("/v1/intents/:id", { schema: { params: idParams } }, async (request) => {
    const details = await deps.getIntentDetails.execute(organizationOf(request), request.params.id);
    return {
      ...presentIntent(details.intent),
      job: details.job ? presentJob(details.job) : null,
      timeline: details.timeline.map(presentTimelineEntry),
    };
  });

  app.get("/v1/intents", { schema: { querystring: listIntentsQuery } }, async (request) => {
    const page = await deps.repos.intents.list({ ...request.query, organizationId: organizationOf(request) });
    return presentPage(page, presentIntent);
  });
};
