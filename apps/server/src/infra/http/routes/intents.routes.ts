import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { HttpDependencies } from "../http-dependencies";
import { idempotencyOf } from "../idempotency-key-header";
import { intentInputOf } from "../intent-input";
import { organizationOf } from "../organization-context";
import { presentIntent, presentJob, presentPage, presentTimelineEntry } from "../presenters";
import { idParams, operatorActionBody } from "../schemas/common.schemas";
import { errorResponses } from "../schemas/error.schemas";
import {
  approvedIntentResponse,
  approveIntentBody,
  createIntentBody,
  decidedIntentResponse,
  decideIntentBody,
  intentDetailsResponse,
  intentPageResponse,
  intentResponse,
  listIntentsQuery,
} from "../schemas/intent.schemas";
import { sendStoredResponse } from "../send-stored-response";
import { traceparentOf } from "../traceparent-header";

/** What approve and decide share: the intent, the caller, and the approval's instance, time and typing. */
function approvalAsked<
  Body extends {
    instanceId?: string | undefined;
    actor: string;
    sendAt?: Date | null | undefined;
    typing?: boolean | null | undefined;
  },
>(organizationId: string, intentId: string, body: Body) {
  return {
    organizationId,
    intentId,
    instanceId: body.instanceId as Body["instanceId"],
    actor: body.actor,
    sendAt: body.sendAt,
    typing: body.typing,
  };
}

export const intentsRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post(
    "/v1/intents",
    {
      schema: {
        summary:
          "Create a message intent (PENDING until a gate decides it); an Idempotency-Key makes retries safe",
        tags: ["intents"],
        body: createIntentBody,
        response: { 201: intentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = {
        organizationId: organizationOf(request),
        ...intentInputOf(request.body, traceparentOf(request)),
      };
      const idempotency = idempotencyOf(request);
      if (idempotency) {
        const first = await deps.createIntent.executeIdempotently(input, {
          ...idempotency,
          respond: (intent) => ({ statusCode: 201, body: presentIntent(intent) }),
        });
        return sendStoredResponse(reply, first);
      }
      const intent = await deps.createIntent.execute(input);
      return reply.status(201).send(presentIntent(intent));
    },
  );

  app.post(
    "/v1/intents/:id/approve",
    {
      schema: {
        summary: "Approve an intent on an instance; creates its one execution job",
        tags: ["intents"],
        params: idParams,
        body: approveIntentBody,
        response: { 200: approvedIntentResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { intent, job } = await deps.approveIntent.execute(
        approvalAsked(organizationOf(request), request.params.id, request.body),
      );
      return { ...presentIntent(intent), job: presentJob(job) };
    },
  );

  app.post(
    "/v1/intents/:id/decide",
    {
      schema: {
        summary: "Let the gate decide an intent: approve, queue or block it",
        tags: ["intents"],
        params: idParams,
        body: decideIntentBody,
        response: { 200: decidedIntentResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { intent, job } = await deps.decideIntent.execute({
        ...approvalAsked(organizationOf(request), request.params.id, request.body),
        queueUntil: request.body.queueUntil,
      });
      return { ...presentIntent(intent), job: job ? presentJob(job) : null };
    },
  );

  app.post(
    "/v1/intents/:id/drop",
    {
      schema: {
        summary: "Drop an intent no job exists for yet (PENDING or QUEUED): it is DROPPED and never sent",
        tags: ["intents"],
        params: idParams,
        body: operatorActionBody,
        response: { 200: intentResponse, ...errorResponses },
      },
    },
    async (request) =>
      presentIntent(
        await deps.dropIntent.execute({
          ...request.body,
          organizationId: organizationOf(request),
          intentId: request.params.id,
        }),
      ),
  );

  app.get(
    "/v1/intents/:id",
    {
      schema: {
        summary: "An intent with its job and timeline",
        tags: ["intents"],
        params: idParams,
        response: { 200: intentDetailsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const details = await deps.getIntentDetails.execute(organizationOf(request), request.params.id);
      return {
        ...presentIntent(details.intent),
        job: details.job ? presentJob(details.job) : null,
        timeline: details.timeline.map(presentTimelineEntry),
      };
    },
  );

  app.get(
    "/v1/intents",
    {
      schema: {
        summary:
          "List intents, newest first, by status, purpose, priority, instance, creation and scheduled time, and a search",
        tags: ["intents"],
        querystring: listIntentsQuery,
        response: { 200: intentPageResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { q, ...query } = request.query;
      const page = await deps.repos.intents.list({
        ...query,
        search: q || undefined,
        organizationId: organizationOf(request),
      });
      return presentPage(page, presentIntent);
    },
  );
};
