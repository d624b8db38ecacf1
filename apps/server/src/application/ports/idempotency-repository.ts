/** The answer given to the first request made with an idempotency key, replayed to its retries. */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
}

export interface IdempotencyClaim {
  organizationId: string;
  key: string;
  requestHash: string;
  now: Date;
  expiresAt: Date;
}

/**
 * Idempotency keys, used inside a unit of work. `claim` takes the key for the current unit, or
 * answers the record of the unit that took it first (waiting for that unit to end if it is still
 * running); expired records count as absent and are deleted on the way.
 */
export interface IdempotencyRepository {
  /** Null when the key is now this unit's, to `complete` before the unit ends. */
  claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | null>;
  complete(organizationId: string, key: string, response: StoredResponse): Promise<void>;
}
