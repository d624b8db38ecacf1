import type { FastifyReply } from "fastify";
import type { StoredResponse } from "../../application/ports/idempotency-repository";
import { canonicalJson } from "./canonical-json";

/**
 * An answer remembered under an Idempotency-Key, first time or replayed. Canonical text: the first
 * answer and its replays (read back from jsonb) are the same bytes. Fastify sends JSON text as it
 * is, past the response serializer; only the type needs telling.
 */
export function sendStoredResponse(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  return reply.status(stored.statusCode).type("application/json").send(canonicalJson(stored.body));
}
