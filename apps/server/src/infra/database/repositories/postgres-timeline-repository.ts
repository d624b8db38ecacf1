import { asc, eq } from "drizzle-orm";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import type { TimelineEntry } from "../../../domain/timeline/timeline-entry";
import type { TimelineRepository } from "../../../domain/timeline/timeline-repository";
import type { Db } from "../database";
import { timelineEntryFromRow, timelineRowFor } from "../mappers/timeline-row";
import { timelineEventTable as timeline } from "../schema";
import { insertRows } from "../sql/insert-rows.sql";
import { isUuid } from "../uuid";

export class PostgresTimelineRepository implements TimelineRepository {
  constructor(private readonly db: Db) {}

  async append(events: readonly DomainEvent[]): Promise<void> {
    await insertRows(this.db, timeline, events.map(timelineRowFor));
  }

  async listForIntent(intentId: string): Promise<TimelineEntry[]> {
    if (!isUuid(intentId)) return [];
    const rows = await this.db
      .select()
      .from(timeline)
      .where(eq(timeline.intentId, intentId))
      .orderBy(asc(timeline.id));
    return rows.map(timelineEntryFromRow);
  }
}
