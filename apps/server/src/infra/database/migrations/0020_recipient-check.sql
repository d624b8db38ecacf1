-- Recipient checks: a per-instance switch (off by default) and what gateways said of each number, per organization.
CREATE TABLE "recipient_check" (
	"organization_id" text NOT NULL,
	"phone" text NOT NULL,
	"on_whatsapp" boolean NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recipient_check_organization_id_phone_pk" PRIMARY KEY("organization_id","phone")
);
--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "check_recipients" boolean DEFAULT false NOT NULL;