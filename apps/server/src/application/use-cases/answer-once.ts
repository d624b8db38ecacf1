import type { DomainEvent } from "../../domain/timeline/domain-event";
import { ApplicationError } from "../application-error";
import type { StoredResponse } from "../ports/idempotency-repository";
import type { Repositories } from "../ports/unit-of-work";

export interface IdempotentRequest<Created> {
  key: string;
  /** Identifies the request's content: the same key with another hash is a client's mistake. */
  requestHash: string;
  /** The answer to remember for what was created and to replay to every retry. */
  respond(created: Created): StoredResponse;
}

/** How long a retry with the same idempotency key gets the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Inside the unit of work of `repos`: the answer first given under the request's key, or `create`'s
 * answer, remembered under the key in the same transaction. The key row is written before the work,
 * so a concurrent retry waits for this unit and then replays its answer instead of creating again.
 * `events` are what `create` wrote, to publish after commit (none on a replay).
 */
export async function answerOnce<Created>(
  repos: Repositories,
  organizationId: string,
  now: Date,
  request: IdempotentRequest<Created>,
  create: () => Promise<{ created: Created; events: readonly DomainEvent[] }>,
): Promise<{ response: StoredResponse; events: readonly DomainEvent[] }> {
  const earlier = await repos.idempotency.claim({
    organizationId,
    key: request.key,
    requestHash: request.requestHash,
    now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  });
  if (earlier) {
    if (earlier.requestHash !== request.requestHash) {
      throw new ApplicationError(
        "IDEMPOTENCY_KEY_REUSED",
        `Idempotency-Key "${request.key}" was already used with a different request body within the last 24 hours; use a new key for a new request`,
      );
    }
    return { response: earlier.response, events: [] };
  }
  const { created, events } = await create();
  const response = request.respond(created);
  await repos.idempotency.complete(organizationId, request.key, response);
  return { response, events };
}
