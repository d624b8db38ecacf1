import { sql } from "drizzle-orm";
import type { FeedBatch, FeedPosition } from "../../../domain/timeline/timeline-feed";
import type { Db } from "../database";
import { eventFromJson } from "../mappers/domain-event-json";
import { queryRows } from "./query-rows";

// Text in the output (bigint and xid8 exceed what JSON numbers hold), under names of their own so
// that ORDER BY sorts the columns, not their text.
interface FeedRow extends Record<string, unknown> {
  entry_id: string;
  entry_xid: string;
  data: Record<string, unknown>;
}

/**
 * The organization's timeline rows after `position`, in the order (xid, id), limited to rows that
 * are final.
 *
 * Why not `id > last`: the identity is assigned at INSERT, not at COMMIT. Transaction A inserts
 * row 10, transaction B inserts row 11 and commits first; a reader that sees 11 and moves its
 * cursor past it never sees 10 once A commits. Ordering by commit time is not available either.
 *
 * What is sound: every row records the transaction that inserted it (`xid`, pg_current_xact_id()).
 * `pg_snapshot_xmin(pg_current_snapshot())` is the oldest transaction still running when this
 * statement's snapshot was taken: every transaction below it has committed (its rows are visible
 * to this very statement) or aborted (its rows never will be), and every transaction that can still
 * insert has an id at or above it. So the set of rows with `xid < xmin` is final: no row can ever
 * join it. Reading only that set, in (xid, id) order, and continuing strictly after the last
 * (xid, id) returned, each row is read exactly once, never skipped. The price is latency: a row
 * waits until every transaction older than its own has ended (bounded by the longest write
 * transaction on the server). The (organization_id, xid, id) index serves the scan.
 */
export async function readCommittedTimeline(
  db: Db,
  organizationId: string,
  position: FeedPosition,
  limit: number,
): Promise<FeedBatch> {
  const rows = await queryRows<FeedRow>(
    db,
    sql`
      select event.id::text as entry_id, event.xid::text as entry_xid, event.data
      from timeline_event event
      where event.organization_id = ${organizationId}
        and (event.xid, event.id) > (${position.order}::xid8, ${position.id}::bigint)
        and event.xid < pg_snapshot_xmin(pg_current_snapshot())
      order by event.xid, event.id
      limit ${limit}`,
  );
  const last = rows.at(-1);
  return {
    entries: rows.map((row) => ({ id: row.entry_id, event: eventFromJson(row.data) })),
    position: last ? { order: last.entry_xid, id: last.entry_id } : position,
  };
}
