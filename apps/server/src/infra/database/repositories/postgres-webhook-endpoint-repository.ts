import { and, asc, count, eq, sql } from "drizzle-orm";
import type { WebhookEndpoint } from "../../../domain/webhook/webhook-endpoint";
import type { WebhookEndpointRepository } from "../../../domain/webhook/webhook-endpoint-repository";
import type { Db } from "../database";
import { webhookEndpointFromRow } from "../mappers/webhook-row";
import { webhookEndpointTable as endpoint } from "../schema";
import { isUuid } from "../uuid";

export class PostgresWebhookEndpointRepository implements WebhookEndpointRepository {
  constructor(private readonly db: Db) {}

  async insert(value: WebhookEndpoint): Promise<void> {
    await this.db.insert(endpoint).values(value);
  }

  async insertWithinLimit(value: WebhookEndpoint, limit: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // One registration of an organization at a time: two at once cannot both pass the count.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${value.organizationId}, 0))`);
      const [held] = await tx
        .select({ n: count() })
        .from(endpoint)
        .where(eq(endpoint.organizationId, value.organizationId));
      if ((held?.n ?? 0) >= limit) return false;
      await tx.insert(endpoint).values(value);
      return true;
    });
  }

  async listForOrganization(organizationId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.db
      .select()
      .from(endpoint)
      .where(eq(endpoint.organizationId, organizationId))
      .orderBy(asc(endpoint.createdAt), asc(endpoint.id));
    return rows.map(webhookEndpointFromRow);
  }

  async findById(organizationId: string, id: string): Promise<WebhookEndpoint | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select().from(endpoint).where(this.owned(organizationId, id));
    return row ? webhookEndpointFromRow(row) : null;
  }

  async rotateSecret(
    organizationId: string,
    id: string,
    secret: string,
    previousSecretExpiresAt: Date,
  ): Promise<WebhookEndpoint | null> {
    if (!isUuid(id)) return null;
    // The right-hand side of SET reads the row as it was: the old secret becomes the previous one.
    const [row] = await this.db
      .update(endpoint)
      .set({ previousSecret: sql`${endpoint.secret}`, secret, previousSecretExpiresAt })
      .where(this.owned(organizationId, id))
      .returning();
    return row ? webhookEndpointFromRow(row) : null;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db
      .delete(endpoint)
      .where(this.owned(organizationId, id))
      .returning({ id: endpoint.id });
    return rows.length === 1;
  }

  private owned(organizationId: string, id: string) {
    return and(eq(endpoint.id, id), eq(endpoint.organizationId, organizationId));
  }
}
