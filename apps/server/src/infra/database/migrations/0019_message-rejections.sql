ALTER TABLE "gateway_event" DROP CONSTRAINT "gateway_event_receipt_status_check";--> statement-breakpoint
ALTER TABLE "message_intent" ADD COLUMN "rejected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gateway_event" ADD CONSTRAINT "gateway_event_receipt_status_check" CHECK ("gateway_event"."receipt_status" in ('', 'delivered', 'read', 'played', 'rejected'));