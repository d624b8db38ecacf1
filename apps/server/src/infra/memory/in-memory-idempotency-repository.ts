import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyRepository,
  StoredResponse,
} from "../../application/ports/idempotency-repository";
import type { StoreAccess } from "./in-memory-store";

export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly access: StoreAccess) {}

  // Units of work run one at a time here, so a claim never meets another unit's unfinished record.
  claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | null> {
    return this.access((state) => {
      for (const [id, row] of state.idempotencyKeys) {
        if (row.expiresAt <= claim.now) state.idempotencyKeys.delete(id);
      }
      const id = idOf(claim.organizationId, claim.key);
      const row = state.idempotencyKeys.get(id);
      if (row?.response) return structuredClone({ requestHash: row.requestHash, response: row.response });
      state.idempotencyKeys.set(id, {
        requestHash: claim.requestHash,
        expiresAt: claim.expiresAt,
        response: null,
      });
      return null;
    });
  }

  complete(organizationId: string, key: string, response: StoredResponse): Promise<void> {
    return this.access((state) => {
      const row = state.idempotencyKeys.get(idOf(organizationId, key));
      if (row) row.response = structuredClone(response);
    });
  }
}

function idOf(organizationId: string, key: string): string {
  return JSON.stringify([organizationId, key]);
}
