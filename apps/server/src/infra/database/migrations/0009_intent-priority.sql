DROP INDEX "message_execution_job_runnable_idx";--> statement-breakpoint
DROP INDEX "message_execution_job_instance_runnable_idx";--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD COLUMN "priority" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_intent" ADD COLUMN "priority" text DEFAULT 'NORMAL' NOT NULL;--> statement-breakpoint
CREATE INDEX "message_execution_job_runnable_idx" ON "message_execution_job" USING btree ("priority","next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
CREATE INDEX "message_execution_job_instance_runnable_idx" ON "message_execution_job" USING btree ("instance_id","priority","next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
ALTER TABLE "message_intent" ADD CONSTRAINT "message_intent_priority_check" CHECK ("message_intent"."priority" in ('HIGH', 'NORMAL', 'LOW'));