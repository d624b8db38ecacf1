import { and, eq, lte, or, sql } from "drizzle-orm";
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyRepository,
  StoredResponse,
} from "../../../application/ports/idempotency-repository";
import type { Db } from "../database";
import { idempotencyKeyTable as idem } from "../schema";

// Each claim also deletes a few other expired keys, so the table stays small without a sweeper.
const CLEANUP_BATCH = 100;

export class PostgresIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Db) {}

  async claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | null> {
    const thisKey = and(eq(idem.organizationId, claim.organizationId), eq(idem.key, claim.key));
    const someExpired = this.db
      .select({ organizationId: idem.organizationId, key: idem.key })
      .from(idem)
      .where(lte(idem.expiresAt, claim.now))
      .limit(CLEANUP_BATCH)
      .for("update", { skipLocked: true });
    await this.db
      .delete(idem)
      .where(
        and(
          lte(idem.expiresAt, claim.now),
          or(thisKey, sql`(${idem.organizationId}, ${idem.key}) in (${someExpired})`),
        ),
      );
    // A concurrent claim of the same key blocks here until the unit holding it ends; then it
    // either finds the committed record below or, if that unit rolled back, inserts its own.
    const inserted = await this.db
      .insert(idem)
      .values({
        organizationId: claim.organizationId,
        key: claim.key,
        requestHash: claim.requestHash,
        createdAt: claim.now,
        expiresAt: claim.expiresAt,
      })
      .onConflictDoNothing()
      .returning({ key: idem.key });
    if (inserted.length > 0) return null;
    const [row] = await this.db.select().from(idem).where(thisKey).for("update");
    if (!row || row.statusCode === null)
      throw new Error(`idempotency key ${claim.key} has no stored response`);
    return { requestHash: row.requestHash, response: { statusCode: row.statusCode, body: row.responseBody } };
  }

  async complete(organizationId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db
      .update(idem)
      .set({ statusCode: response.statusCode, responseBody: response.body })
      .where(and(eq(idem.organizationId, organizationId), eq(idem.key, key)));
  }
}
