CREATE TABLE "instance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"phone_number" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "instance_provider_name_unique" UNIQUE("provider","name"),
	CONSTRAINT "instance_status_check" CHECK ("instance"."status" in ('disconnected', 'connecting', 'connected', 'qrcode', 'error'))
);
--> statement-breakpoint
CREATE TABLE "message_execution_job" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"intent_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"last_error" jsonb,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"provider_message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"executed_at" timestamp with time zone,
	CONSTRAINT "message_execution_job_intent_unique" UNIQUE("intent_id"),
	CONSTRAINT "message_execution_job_status_check" CHECK ("message_execution_job"."status" in ('PENDING', 'PROCESSING', 'SENT', 'FAILED', 'RETRY', 'UNCONFIRMED')),
	CONSTRAINT "message_execution_job_executed_only_when_sent" CHECK (("message_execution_job"."status" = 'SENT') = ("message_execution_job"."executed_at" is not null)),
	CONSTRAINT "message_execution_job_attempts_check" CHECK ("message_execution_job"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "message_intent" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_value" text NOT NULL,
	"type" text NOT NULL,
	"purpose" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"decided_by_instance_id" uuid,
	"blocked_reason" text,
	"queued_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"played_at" timestamp with time zone,
	CONSTRAINT "message_intent_status_check" CHECK ("message_intent"."status" in ('PENDING', 'APPROVED', 'QUEUED', 'BLOCKED', 'DROPPED', 'SENT', 'FAILED'))
);
--> statement-breakpoint
CREATE TABLE "timeline_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "timeline_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" text NOT NULL,
	"intent_id" uuid NOT NULL,
	"job_id" uuid,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD CONSTRAINT "message_execution_job_intent_id_message_intent_id_fk" FOREIGN KEY ("intent_id") REFERENCES "public"."message_intent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD CONSTRAINT "message_execution_job_instance_id_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_intent" ADD CONSTRAINT "message_intent_decided_by_instance_id_instance_id_fk" FOREIGN KEY ("decided_by_instance_id") REFERENCES "public"."instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_execution_job_runnable_idx" ON "message_execution_job" USING btree ("next_attempt_at","created_at") WHERE "message_execution_job"."status" in ('PENDING', 'RETRY');--> statement-breakpoint
CREATE INDEX "message_execution_job_instance_status_idx" ON "message_execution_job" USING btree ("instance_id","status");--> statement-breakpoint
CREATE INDEX "message_execution_job_org_created_idx" ON "message_execution_job" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "message_intent_org_created_idx" ON "message_intent" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "message_intent_approved_idx" ON "message_intent" USING btree ("created_at") WHERE "message_intent"."status" = 'APPROVED';--> statement-breakpoint
CREATE INDEX "timeline_event_intent_idx" ON "timeline_event" USING btree ("intent_id","id");