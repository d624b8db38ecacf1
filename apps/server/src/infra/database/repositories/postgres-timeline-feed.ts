import { sql } from "drizzle-orm";
import type { FeedBatch, FeedPosition, TimelineFeed } from "../../../domain/timeline/timeline-feed";
import type { Db } from "../database";
import { queryRows } from "../sql/query-rows";
import { readCommittedTimeline } from "../sql/read-committed-timeline.sql";

const ENTRY_ID = /^[0-9]{1,18}$/;

/** Positions are (xid, id) pairs of timeline rows; read-committed-timeline explains why. */
export class PostgresTimelineFeed implements TimelineFeed {
  constructor(private readonly db: Db) {}

  start(): FeedPosition {
    return { order: "0", id: "0" };
  }

  async current(): Promise<FeedPosition> {
    // Every transaction from the oldest one still running on: their rows are not final yet.
    const [row] = await queryRows<{ xmin: string }>(
      this.db,
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
    );
    // (xmin, 0) sorts before every row of transaction xmin, ids being positive.
    return { order: row?.xmin ?? "0", id: "0" };
  }

  async after(organizationId: string, entryId: string): Promise<FeedPosition | null> {
    if (!ENTRY_ID.test(entryId)) return null;
    const [row] = await queryRows<{ xid: string }>(
      this.db,
      sql`select xid::text as xid from timeline_event
          where id = ${entryId}::bigint and organization_id = ${organizationId}`,
    );
    return row ? { order: row.xid, id: entryId } : null;
  }

  read(organizationId: string, position: FeedPosition, limit: number): Promise<FeedBatch> {
    return readCommittedTimeline(this.db, organizationId, position, limit);
  }
}
