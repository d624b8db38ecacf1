import { and, asc, eq, isNull } from "drizzle-orm";
import type { ApiKey, ApiKeyListing } from "../../../domain/organization/api-key";
import type { ApiKeyRepository } from "../../../domain/organization/api-key-repository";
import type { Organization } from "../../../domain/organization/organization";
import type { Db } from "../database";
import { apiKeyFromRow } from "../mappers/api-key-row";
import { apiKeyTable as apiKey, organizationTable as organization } from "../schema";
import { isUuid } from "../uuid";

export class PostgresApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: Db) {}

  async ensureOrganization(candidate: Organization): Promise<Organization> {
    await this.db.insert(organization).values(candidate).onConflictDoNothing({ target: organization.name });
    const [row] = await this.db.select().from(organization).where(eq(organization.name, candidate.name));
    if (!row) throw new Error(`organization ${candidate.name} vanished right after its insert`);
    return row;
  }

  async insertIfAbsent(key: ApiKey, secretHash: string): Promise<ApiKey> {
    await this.db
      .insert(apiKey)
      .values({ ...key, secretHash })
      .onConflictDoNothing({ target: apiKey.secretHash });
    const [row] = await this.db.select().from(apiKey).where(eq(apiKey.secretHash, secretHash));
    if (!row) throw new Error("api key vanished right after its insert");
    return apiKeyFromRow(row);
  }

  async findActiveByHash(secretHash: string): Promise<ApiKey | null> {
    const [row] = await this.db
      .select()
      .from(apiKey)
      .where(and(eq(apiKey.secretHash, secretHash), isNull(apiKey.revokedAt)));
    return row ? apiKeyFromRow(row) : null;
  }

  async isActive(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: apiKey.id })
      .from(apiKey)
      .where(and(eq(apiKey.id, id), isNull(apiKey.revokedAt)));
    return row !== undefined;
  }

  async list(scope: { organizationName?: string; organizationId?: string } = {}): Promise<ApiKeyListing[]> {
    const rows = await this.db
      .select({ key: apiKey, organizationName: organization.name })
      .from(apiKey)
      .innerJoin(organization, eq(organization.id, apiKey.organizationId))
      .where(
        and(
          scope.organizationName === undefined ? undefined : eq(organization.name, scope.organizationName),
          scope.organizationId === undefined ? undefined : eq(organization.id, scope.organizationId),
        ),
      )
      .orderBy(asc(apiKey.createdAt), asc(apiKey.id));
    return rows.map((row) => ({ ...apiKeyFromRow(row.key), organizationName: row.organizationName }));
  }

  async revoke(id: string, now: Date, organizationId?: string): Promise<ApiKey | null> {
    if (!isUuid(id)) return null;
    const owned = and(
      eq(apiKey.id, id),
      organizationId === undefined ? undefined : eq(apiKey.organizationId, organizationId),
    );
    await this.db
      .update(apiKey)
      .set({ revokedAt: now })
      .where(and(owned, isNull(apiKey.revokedAt)));
    const [row] = await this.db.select().from(apiKey).where(owned);
    return row ? apiKeyFromRow(row) : null;
  }

  async recordUse(id: string, now: Date): Promise<void> {
    await this.db.update(apiKey).set({ lastUsedAt: now }).where(eq(apiKey.id, id));
  }
}
