-- The timeline becomes a table partitioned by range of occurred_at (one partition a day, created
-- ahead and dropped whole by maintenance) without copying it and without scanning it under a lock:
-- the table as it was is renamed and attached as the DEFAULT partition. With no other partition yet,
-- a default partition's constraint is empty, so ATTACH checks no row. Every step below is catalog
-- work; the locks are held from here to the end of the migration's transaction, milliseconds.
-- The timeline first, then deliveries: the order in which writers take them (insert, then the
-- fan-out trigger), so that a writer and this migration never wait for each other in a circle.
LOCK TABLE "timeline_event" IN ACCESS EXCLUSIVE MODE;--> statement-breakpoint
-- A foreign key needs a unique key on the referenced columns, and a partitioned table's unique keys
-- must contain occurred_at; the fan-out trigger writes the link, retention removes deliveries first.
ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_timeline_event_id_timeline_event_id_fk";--> statement-breakpoint
ALTER TABLE "timeline_event" RENAME TO "timeline_event_default";--> statement-breakpoint
ALTER TABLE "timeline_event_default" RENAME CONSTRAINT "timeline_event_pkey" TO "timeline_event_default_pkey";--> statement-breakpoint
ALTER INDEX "timeline_event_intent_idx" RENAME TO "timeline_event_default_intent_idx";--> statement-breakpoint
ALTER INDEX "timeline_event_org_xid_idx" RENAME TO "timeline_event_default_org_xid_idx";--> statement-breakpoint
DROP TRIGGER "webhook_fan_out" ON "timeline_event_default";--> statement-breakpoint
-- An identity column belongs to one table (PostgreSQL 17 refuses to attach a table that has one):
-- ids come from a plain sequence shared by every partition, continuing where the identity stopped.
ALTER SEQUENCE "timeline_event_id_seq" RENAME TO "timeline_event_default_id_seq";--> statement-breakpoint
CREATE SEQUENCE "timeline_event_id_seq" AS bigint;--> statement-breakpoint
SELECT setval('timeline_event_id_seq', last_value, true) FROM "timeline_event_default_id_seq";--> statement-breakpoint
ALTER TABLE "timeline_event_default" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
CREATE TABLE "timeline_event" (
	"id" bigint DEFAULT nextval('timeline_event_id_seq') NOT NULL,
	"organization_id" text NOT NULL,
	"intent_id" uuid,
	"job_id" uuid,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL
) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
ALTER SEQUENCE "timeline_event_id_seq" OWNED BY "timeline_event"."id";--> statement-breakpoint
-- The same definitions as the old table's indexes, so ATTACH adopts them instead of building new ones.
CREATE INDEX "timeline_event_intent_idx" ON "timeline_event" USING btree ("intent_id","id");--> statement-breakpoint
CREATE INDEX "timeline_event_org_xid_idx" ON "timeline_event" USING btree ("organization_id","xid","id");--> statement-breakpoint
ALTER TABLE "timeline_event" ATTACH PARTITION "timeline_event_default" DEFAULT;--> statement-breakpoint
CREATE TRIGGER webhook_fan_out AFTER INSERT ON timeline_event
  REFERENCING NEW TABLE AS new_timeline_rows
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out();
