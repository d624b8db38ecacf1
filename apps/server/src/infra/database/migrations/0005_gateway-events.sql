CREATE TABLE "gateway_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gateway_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"instance_name" text NOT NULL,
	"kind" text NOT NULL,
	"message_id" text NOT NULL,
	"receipt_status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"resolution" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	CONSTRAINT "gateway_event_kind_check" CHECK ("gateway_event"."kind" in ('send', 'receipt')),
	CONSTRAINT "gateway_event_resolution_check" CHECK ("gateway_event"."resolution" in ('pending', 'settled', 'unmatched', 'ambiguous')),
	CONSTRAINT "gateway_event_receipt_status_check" CHECK ("gateway_event"."receipt_status" in ('', 'delivered', 'read', 'played'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_event_report_unique" ON "gateway_event" USING btree ("provider","instance_name","kind","message_id","receipt_status");--> statement-breakpoint
CREATE INDEX "gateway_event_pending_idx" ON "gateway_event" USING btree ("kind","id") WHERE "gateway_event"."resolution" = 'pending';--> statement-breakpoint
CREATE INDEX "message_execution_job_provider_message_idx" ON "message_execution_job" USING btree ("provider_message_id") WHERE "message_execution_job"."provider_message_id" is not null;