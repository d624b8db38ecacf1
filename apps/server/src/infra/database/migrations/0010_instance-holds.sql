ALTER TABLE "instance" DROP CONSTRAINT "instance_status_check";--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "held_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "hold_code" text;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "hold_message" text;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "next_probe_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "probes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "instance" ADD CONSTRAINT "instance_status_check" CHECK ("instance"."status" in ('disconnected', 'connecting', 'connected', 'qrcode', 'error', 'unavailable'));