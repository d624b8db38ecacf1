import { type SQL, sql } from "drizzle-orm";
import { isoText } from "./params";

/**
 * A job event built in SQL from a `message_execution_job` row (`job` names it): the same fields as
 * the domain's jobEventBase, plus its type. Statements that write events for many jobs at once
 * (give-back, create-missing, the bench's bulk load) use this one definition.
 */
export function jobEventJson(job: SQL, type: SQL, occurredAt: SQL, actor: SQL): SQL {
  return sql`jsonb_build_object(
    'type', ${type}, 'organizationId', ${job}.organization_id, 'intentId', ${job}.intent_id,
    'jobId', ${job}.id, 'instanceId', ${job}.instance_id, 'provider', ${job}.provider,
    'occurredAt', ${isoText(occurredAt)}, 'actor', ${actor})`;
}
