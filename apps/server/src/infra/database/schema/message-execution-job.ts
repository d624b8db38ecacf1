import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import {
  EXECUTION_STATUSES,
  RUNNABLE_STATUSES,
  UNFINISHED_STATUSES,
} from "../../../domain/job/execution-status";
import type { JobError } from "../../../domain/job/job-error";
import { instanceTable } from "./instance";
import { messageIntentTable } from "./message-intent";
import { sqlValues } from "./sql-values";

export const messageExecutionJobTable = pgTable(
  "message_execution_job",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    // One job per intent: the database, not the code, guarantees an intent is never executed twice.
    intentId: uuid("intent_id")
      .notNull()
      .unique("message_execution_job_intent_unique")
      .references(() => messageIntentTable.id),
    instanceId: uuid("instance_id")
      .notNull()
      .references(() => instanceTable.id),
    recipient: text("recipient").notNull(),
    provider: text("provider").notNull(),
    status: text("status", { enum: EXECUTION_STATUSES }).notNull(),
    // The intent's priority as its rank (0 = HIGH), so claims order by it through the runnable indexes.
    priority: smallint("priority").notNull().default(1),
    attempts: integer("attempts").notNull(),
    maxAttempts: integer("max_attempts").notNull(),
    lastError: jsonb("last_error").$type<JobError>(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    // A paced claim's gap (minIntervalMs + its random share of jitterMs): when this attempt ends,
    // its number's next send waits that long after the answer.
    paceGapMs: integer("pace_gap_ms"),
    // When the gateway's answer to this attempt reached its worker, on the database's clock (at the
    // latest): a paced number's gap counts from it, not from when the outcome's write got through.
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    providerMessageId: text("provider_message_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    executedAt: timestamp("executed_at", { withTimezone: true }),
  },
  (t) => [
    check("message_execution_job_status_check", sql`${t.status} in (${sqlValues(EXECUTION_STATUSES)})`),
    check(
      "message_execution_job_executed_only_when_sent",
      sql`(${t.status} = 'SENT') = (${t.executedAt} is not null)`,
    ),
    check("message_execution_job_attempts_check", sql`${t.attempts} >= 0`),
    // Partial: only runnable rows are indexed, so the claim scan stays small however long the history grows.
    index("message_execution_job_runnable_idx")
      .on(t.priority, t.nextAttemptAt, t.createdAt)
      .where(sql`${t.status} in (${sqlValues(RUNNABLE_STATUSES)})`),
    // Per-recipient order: "is an earlier message to this lead from this instance unfinished?".
    index("message_execution_job_recipient_unfinished_idx")
      .on(t.instanceId, t.recipient, t.createdAt)
      .where(sql`${t.status} in (${sqlValues(UNFINISHED_STATUSES)})`),
    // With a per-instance limit, each instance's oldest due jobs, without scanning the others'.
    index("message_execution_job_instance_runnable_idx")
      .on(t.instanceId, t.priority, t.nextAttemptAt, t.createdAt)
      .where(sql`${t.status} in (${sqlValues(RUNNABLE_STATUSES)})`),
    // Recovery finds expired leases among the few PROCESSING rows.
    index("message_execution_job_lease_idx").on(t.lockedUntil).where(sql`${t.status} = 'PROCESSING'`),
    // Counting an instance's unfinished jobs (least-busy choice) and per-instance limits. Partial:
    // a job leaving for SENT or FAILED adds no entry, and history does not grow it.
    index("message_execution_job_instance_status_idx")
      .on(t.instanceId, t.status)
      .where(sql`${t.status} in (${sqlValues(UNFINISHED_STATUSES)})`),
    // Receipts and gateway reports find their job by the provider's message id.
    index("message_execution_job_provider_message_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    index("message_execution_job_org_created_idx").on(
      t.organizationId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);

export type MessageExecutionJobRow = typeof messageExecutionJobTable.$inferSelect;
