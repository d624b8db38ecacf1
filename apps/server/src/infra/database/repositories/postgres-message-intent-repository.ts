import { and, eq, gte, inArray, lt } from "drizzle-orm";
import type { MessageIntent } from "../../../domain/intent/message-intent";
import type {
  IntentListFilter,
  MessageIntentRepository,
} from "../../../domain/intent/message-intent-repository";
import type { Page } from "../../../domain/shared/page";
import type { Db } from "../database";
import { intentFromRow, intentToRow } from "../mappers/intent-row";
import { countAtMost } from "../pagination/count-at-most";
import { afterCursor, createdWithin, newestFirst } from "../pagination/keyset";
import { fetchSize, pageOf } from "../pagination/page-of";
import { messageIntentTable as intent } from "../schema";
import { insertRows } from "../sql/insert-rows.sql";
import { isUuid } from "../uuid";
import { deliveryCondition } from "./delivery-condition";
import { matchesSearch } from "./list-conditions";

export class PostgresMessageIntentRepository implements MessageIntentRepository {
  constructor(private readonly db: Db) {}

  async insert(entity: MessageIntent): Promise<void> {
    await this.db.insert(intent).values(intentToRow(entity));
  }

  async insertMany(entities: readonly MessageIntent[]): Promise<void> {
    await insertRows(this.db, intent, entities.map(intentToRow));
  }

  async findById(id: string, options: { forUpdate?: boolean } = {}): Promise<MessageIntent | null> {
    if (!isUuid(id)) return null;
    const query = this.db.select().from(intent).where(eq(intent.id, id));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    return row ? intentFromRow(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<MessageIntent[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.db.select().from(intent).where(inArray(intent.id, valid));
    return rows.map(intentFromRow);
  }

  async save(entity: MessageIntent): Promise<void> {
    const { id, ...changes } = intentToRow(entity);
    await this.db.update(intent).set(changes).where(eq(intent.id, id));
  }

  async list(filter: IntentListFilter): Promise<Page<MessageIntent>> {
    const matching = and(
      filter.organizationId ? eq(intent.organizationId, filter.organizationId) : undefined,
      filter.status ? eq(intent.status, filter.status) : undefined,
      filter.purpose ? eq(intent.purpose, filter.purpose) : undefined,
      filter.priority ? eq(intent.priority, filter.priority) : undefined,
      filter.sendAtFrom ? gte(intent.sendAt, filter.sendAtFrom) : undefined,
      filter.sendAtTo ? lt(intent.sendAt, filter.sendAtTo) : undefined,
      createdWithin(intent, filter),
      filter.instanceId ? eq(intent.decidedByInstanceId, filter.instanceId) : undefined,
      filter.search ? matchesSearch(filter.search, [intent.id], intent.targetValue) : undefined,
      deliveryCondition(filter),
    );
    const rows = await this.db
      .select()
      .from(intent)
      .where(and(matching, afterCursor(intent, filter.cursor)))
      .orderBy(...newestFirst(intent))
      .limit(fetchSize(filter.limit));
    return pageOf(rows, filter.limit, await countAtMost(this.db, intent, matching), intentFromRow);
  }
}
