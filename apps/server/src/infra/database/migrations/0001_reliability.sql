CREATE TABLE "organization_pause" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"paused_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_execution_job" DROP CONSTRAINT "message_execution_job_status_check";--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD COLUMN "recipient" text;--> statement-breakpoint
-- Existing jobs get their intent's recipientKey (digits of a phone, JID of a group) before the column becomes required.
UPDATE "message_execution_job" SET "recipient" = CASE WHEN intent."target_kind" = 'GROUP' THEN CASE WHEN intent."target_value" LIKE '%@g.us' THEN intent."target_value" ELSE intent."target_value" || '@g.us' END ELSE regexp_replace(intent."target_value", '\D', '', 'g') END FROM "message_intent" intent WHERE intent."id" = "message_execution_job"."intent_id";--> statement-breakpoint
ALTER TABLE "message_execution_job" ALTER COLUMN "recipient" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "message_execution_job_recipient_unfinished_idx" ON "message_execution_job" USING btree ("instance_id","recipient","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY', 'PROCESSING');--> statement-breakpoint
CREATE INDEX "message_execution_job_instance_runnable_idx" ON "message_execution_job" USING btree ("instance_id","next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
CREATE INDEX "message_execution_job_lease_idx" ON "message_execution_job" USING btree ("locked_until") WHERE "message_execution_job"."status" = 'PROCESSING';--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD CONSTRAINT "message_execution_job_status_check" CHECK ("message_execution_job"."status" in ('PENDING', 'PROCESSING', 'SENT', 'FAILED', 'RETRY', 'UNCONFIRMED', 'CANCELLED'));