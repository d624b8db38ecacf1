import { and, asc, desc, eq, exists, lt, sql } from "drizzle-orm";
import type {
  GatewayEvent,
  GatewayEventKind,
  GatewayEventResolution,
  NewGatewayEvent,
} from "../../../domain/gateway/gateway-event";
import type { GatewayEventRepository } from "../../../domain/gateway/gateway-event-repository";
import type { Db } from "../database";
import { gatewayEventFromRow } from "../mappers/gateway-event-row";
import { gatewayEventTable as gatewayEvent, messageExecutionJobTable as job } from "../schema";

export class PostgresGatewayEventRepository implements GatewayEventRepository {
  constructor(private readonly db: Db) {}

  async store(event: NewGatewayEvent): Promise<void> {
    await this.db
      .insert(gatewayEvent)
      .values({ ...event, receiptStatus: event.receiptStatus ?? "" })
      .onConflictDoNothing();
  }

  async listPending(kind: GatewayEventKind, limit: number): Promise<GatewayEvent[]> {
    const rows = await this.db
      .select()
      .from(gatewayEvent)
      .where(and(eq(gatewayEvent.kind, kind), eq(gatewayEvent.resolution, "pending")))
      .orderBy(asc(gatewayEvent.id))
      .limit(limit);
    return rows.map(gatewayEventFromRow);
  }

  async listSettleableReceipts(limit: number): Promise<GatewayEvent[]> {
    const withJob = this.db
      .select({ one: sql`1` })
      .from(job)
      .where(eq(job.providerMessageId, gatewayEvent.messageId));
    const rows = await this.db
      .select()
      .from(gatewayEvent)
      .where(and(eq(gatewayEvent.kind, "receipt"), eq(gatewayEvent.resolution, "pending"), exists(withJob)))
      .orderBy(asc(gatewayEvent.id))
      .limit(limit);
    return rows.map(gatewayEventFromRow);
  }

  async expirePending(receivedBefore: Date, now: Date): Promise<number> {
    const expired = await this.db
      .update(gatewayEvent)
      .set({ resolution: "unmatched", resolvedAt: now })
      .where(and(eq(gatewayEvent.resolution, "pending"), lt(gatewayEvent.receivedAt, receivedBefore)))
      .returning({ id: gatewayEvent.id });
    return expired.length;
  }

  async resolve(
    id: string,
    resolution: Exclude<GatewayEventResolution, "pending">,
    now: Date,
  ): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) return;
    await this.db
      .update(gatewayEvent)
      .set({ resolution, resolvedAt: now })
      .where(and(eq(gatewayEvent.id, Number(id)), eq(gatewayEvent.resolution, "pending")));
  }

  async list(limit: number): Promise<GatewayEvent[]> {
    const rows = await this.db.select().from(gatewayEvent).orderBy(desc(gatewayEvent.id)).limit(limit);
    return rows.map(gatewayEventFromRow);
  }
}
