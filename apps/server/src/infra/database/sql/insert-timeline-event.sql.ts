import { type SQL, sql } from "drizzle-orm";
import type { DomainEvent } from "../../../domain/timeline/domain-event";
import { timelineRowFor } from "../mappers/timeline-row";
import { jsonb, timestamptz } from "./params";

/**
 * An INSERT of `event`'s timeline row once per row of the CTE `source`: placed in the same
 * statement as the write it records, the event exists if and only if that write happened.
 */
export function insertTimelineEventFor(event: DomainEvent, source: SQL): SQL {
  const row = timelineRowFor(event);
  return sql`
    insert into timeline_event (organization_id, intent_id, job_id, type, actor, data, occurred_at)
    select ${row.organizationId}, ${row.intentId}::uuid, ${row.jobId}::uuid, ${row.type}, ${row.actor},
           ${jsonb(row.data)}, ${timestamptz(event.occurredAt)}
    from ${source}`;
}
