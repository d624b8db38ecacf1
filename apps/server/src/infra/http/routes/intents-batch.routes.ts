import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { MessageIntent } from "../../../domain/intent/message-intent";
import { errorBody } from "../error-handler";
import type { HttpDependencies } from "../http-dependencies";
import { idempotencyOf } from "../idempotency-key-header";
import { intentInputOf } from "../intent-input";
import { organizationOf } from "../organization-context";
import { errorResponses } from "../schemas/error.schemas";
import {
  createdIntentsBatchResponse,
  createIntentBody,
  createIntentsBatchBody,
} from "../schemas/intent.schemas";
import { sendStoredResponse } from "../send-stored-response";
import { traceparentOf } from "../traceparent-header";

// 1,000 intents of a few KiB each; the default limit of 1 MiB stays on every other route.
const BATCH_BODY_LIMIT = 16 * 1_048_576;

type ItemResult = { index: number; error: { code: string; message: string } };

/**
 * `POST /v1/intents:batch`: all items are validated first; if any is invalid the answer is 400
 * with one error per invalid item and nothing is written. Otherwise every intent is created (and
 * approved on `instanceId`, when given) in one transaction, answered in item order. An
 * Idempotency-Key makes the batch happen once, as on `POST /v1/intents`.
 */
export const intentsBatchRoutes: FastifyPluginAsyncZod<HttpDependencies> = async (app, deps) => {
  app.post(
    "/v1/intents::batch",
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        summary:
          "Create up to 1,000 intents at once (and approve them on instanceId, when given); all or none; an Idempotency-Key makes retries safe",
        tags: ["intents"],
        body: createIntentsBatchBody,
        response: { 201: createdIntentsBatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      // A malformed key is refused before the items are looked at, as on POST /v1/intents.
      const idempotency = idempotencyOf(request);
      const parsed = request.body.items.map((item) => createIntentBody.safeParse(item));
      const invalid: ItemResult[] = parsed.flatMap((result, index) =>
        result.success
          ? []
          : [{ index, error: { code: "VALIDATION_ERROR", message: describe(result.error) } }],
      );
      if (invalid.length > 0) {
        const first = invalid[0] as ItemResult;
        const message = `${invalid.length} of ${parsed.length} items are invalid, nothing was created; items[${first.index}]: ${first.error.message}`;
        return reply.status(400).send(errorBody("VALIDATION_ERROR", message, { items: invalid }));
      }
      // One caller's span asked for the whole batch: every intent links back to it.
      const traceparent = traceparentOf(request);
      const items = parsed.map((result) =>
        intentInputOf(result.data as z.infer<typeof createIntentBody>, traceparent),
      );
      const input = {
        organizationId: organizationOf(request),
        instanceId: request.body.instanceId,
        actor: request.body.actor,
        items,
      };
      if (idempotency) {
        const first = await deps.createIntentsBatch.executeIdempotently(input, {
          ...idempotency,
          respond: (intents) => ({ statusCode: 201, body: presentBatch(intents) }),
        });
        return sendStoredResponse(reply, first);
      }
      return reply.status(201).send(presentBatch(await deps.createIntentsBatch.execute(input)));
    },
  );
};

function presentBatch(intents: readonly MessageIntent[]) {
  return { items: intents.map((intent, index) => ({ index, id: intent.id, status: intent.status })) };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${["body", ...issue.path].join(".")}: ${issue.message}`).join("; ");
}
