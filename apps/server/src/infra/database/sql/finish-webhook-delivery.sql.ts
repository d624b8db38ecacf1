import { sql } from "drizzle-orm";
import type {
  ClaimedWebhookDelivery,
  WebhookDeliveryOutcome,
} from "../../../domain/webhook/webhook-delivery";
import type { Db } from "../database";
import { jsonb, timestamptz } from "./params";
import { queryRows } from "./query-rows";

const STATUS_OF = { succeeded: "SUCCEEDED", retry: "PENDING", "gave-up": "FAILED" } as const;

/**
 * Appends the attempt to the log and moves the delivery on, fenced: only while it is still leased
 * to the same deliverer for the same attempt, so a deliverer whose lease expired cannot overwrite
 * the outcome of the one that took over.
 */
export async function finishWebhookDelivery(
  db: Db,
  delivery: ClaimedWebhookDelivery,
  outcome: WebhookDeliveryOutcome,
): Promise<boolean> {
  const finishedAt = outcome.kind === "retry" ? sql`null` : timestamptz(outcome.attempt.finishedAt);
  const nextAttemptAt = outcome.kind === "retry" ? timestamptz(outcome.nextAttemptAt) : sql`next_attempt_at`;
  const rows = await queryRows(
    db,
    sql`
      update webhook_delivery
      set status = ${STATUS_OF[outcome.kind]}, log = log || jsonb_build_array(${jsonb(outcome.attempt)}),
          next_attempt_at = ${nextAttemptAt}, finished_at = ${finishedAt}, locked_by = null, locked_until = null
      where id = ${delivery.id}::uuid and status = 'DELIVERING'
        and attempts = ${delivery.attempt} and locked_by = ${delivery.deliveredBy}
      returning id`,
  );
  return rows.length === 1;
}
