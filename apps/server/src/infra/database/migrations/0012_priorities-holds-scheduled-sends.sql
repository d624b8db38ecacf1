ALTER TABLE "instance" DROP CONSTRAINT "instance_status_check";--> statement-breakpoint
DROP INDEX "message_execution_job_runnable_idx";--> statement-breakpoint
DROP INDEX "message_execution_job_instance_runnable_idx";--> statement-breakpoint
ALTER TABLE "timeline_event" ALTER COLUMN "intent_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "held_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "hold_code" text;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "hold_message" text;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "next_probe_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "probes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD COLUMN "priority" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_intent" ADD COLUMN "priority" text DEFAULT 'NORMAL' NOT NULL;--> statement-breakpoint
ALTER TABLE "message_intent" ADD COLUMN "send_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "message_intent_queued_until_idx" ON "message_intent" USING btree ("queued_until") WHERE "message_intent"."status" = 'QUEUED';--> statement-breakpoint
CREATE INDEX "message_execution_job_runnable_idx" ON "message_execution_job" USING btree ("priority","next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
CREATE INDEX "message_execution_job_instance_runnable_idx" ON "message_execution_job" USING btree ("instance_id","priority","next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
ALTER TABLE "instance" ADD CONSTRAINT "instance_status_check" CHECK ("instance"."status" in ('disconnected', 'connecting', 'connected', 'qrcode', 'error', 'unavailable'));--> statement-breakpoint
ALTER TABLE "message_intent" ADD CONSTRAINT "message_intent_priority_check" CHECK ("message_intent"."priority" in ('HIGH', 'NORMAL', 'LOW'));