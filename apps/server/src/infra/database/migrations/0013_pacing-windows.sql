CREATE TABLE "instance_send" (
	"instance_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "pacing" jsonb;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "warmup" jsonb;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "sending_window" jsonb;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "careful" boolean GENERATED ALWAYS AS (pacing is not null or warmup is not null or sending_window is not null) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "next_send_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message_execution_job" ADD COLUMN "pace_gap_ms" integer;--> statement-breakpoint
CREATE INDEX "instance_send_instance_sent_at_idx" ON "instance_send" USING btree ("instance_id","sent_at");