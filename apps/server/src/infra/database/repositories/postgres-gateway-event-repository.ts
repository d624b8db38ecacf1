import { and, desc, eq, lt } from "drizzle-orm";
import type {
  GatewayEvent,
  GatewayEventResolution,
  NewGatewayEvent,
} from "../../../domain/gateway/gateway-event";
import type {
  AppliedReceipts,
  GatewayEventRepository,
  ReportSource,
  TakenSendReports,
} from "../../../domain/gateway/gateway-event-repository";
import type { Db } from "../database";
import { gatewayEventFromRow } from "../mappers/gateway-event-row";
import { gatewayEventTable as gatewayEvent } from "../schema";
import { applyReceipts } from "../sql/apply-receipts.sql";
import { receiveReports } from "../sql/receive-reports.sql";
import { takeSendReports } from "../sql/take-send-reports.sql";

export class PostgresGatewayEventRepository implements GatewayEventRepository {
  constructor(private readonly db: Db) {}

  receive(reports: readonly NewGatewayEvent[]): Promise<boolean[]> {
    return receiveReports(this.db, reports);
  }

  takeSendReports(source: ReportSource, limit: number, now: Date): Promise<TakenSendReports> {
    return takeSendReports(this.db, source, limit, now);
  }

  applyReceipts(source: ReportSource, limit: number, now: Date): Promise<AppliedReceipts> {
    return applyReceipts(this.db, source, limit, now);
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
