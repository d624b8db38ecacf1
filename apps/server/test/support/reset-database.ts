import { sql } from "drizzle-orm";
import type { Db } from "../../src/infra/database/database";

/** Empties every table, so that tests sharing one database (and its migrations) start clean. */
export async function resetDatabase(db: Db): Promise<void> {
  await db.execute(
    sql`truncate gateway_event, webhook_delivery, webhook_endpoint, timeline_event, message_execution_job, message_intent, instance, instance_send, organization_pause, idempotency_key, recipient_check restart identity`,
  );
}
