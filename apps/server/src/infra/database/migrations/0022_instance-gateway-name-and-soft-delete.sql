ALTER TABLE "instance" DROP CONSTRAINT "instance_provider_name_unique";--> statement-breakpoint
-- Every instance so far is known to its gateway by its current name: that becomes its fixed gateway name.
ALTER TABLE "instance" ADD COLUMN "gateway_name" text;--> statement-breakpoint
UPDATE "instance" SET "gateway_name" = "name";--> statement-breakpoint
ALTER TABLE "instance" ALTER COLUMN "gateway_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "instance" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "instance_provider_gateway_name_unique" ON "instance" USING btree ("provider","gateway_name") WHERE deleted_at is null;
