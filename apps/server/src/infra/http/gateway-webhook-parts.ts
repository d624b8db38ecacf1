import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { errorBody } from "./error-handler";
import { isWebhookSecret, WEBHOOK_SECRET_HEADER } from "./webhook-secret";

// What every gateway webhook route shares: reading the part of a body an event names, and telling
// a malformed body (400, which no retry fixes) from our own failures.

export class MalformedWebhook extends Error {}

/** The part of the body at `where`, read with `schema`; MalformedWebhook names every bad field. */
export function parseWebhookPart<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => `${[where, ...issue.path].join(".")}: ${issue.message}`);
  throw new MalformedWebhook(reasons.join("; "));
}

/** Runs a webhook's handling; a malformed body answers 400 naming what is wrong, anything else propagates. */
export async function answeringMalformed<T>(
  reply: FastifyReply,
  handle: () => Promise<T>,
): Promise<T | FastifyReply> {
  try {
    return await handle();
  } catch (error) {
    if (!(error instanceof MalformedWebhook)) throw error;
    return reply.status(400).send(errorBody("VALIDATION_ERROR", error.message));
  }
}

/** onRequest hook of the routes whose gateway presents our secret header: 401 before the body is read. */
export function requireWebhookSecret(secret: string | null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isWebhookSecret(request.headers[WEBHOOK_SECRET_HEADER], secret)) {
      return reply
        .status(401)
        .send(errorBody("UNAUTHORIZED", `missing or wrong ${WEBHOOK_SECRET_HEADER} header`));
    }
  };
}
