import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { INSTANCE_STATUSES } from "../../../domain/instance/instance-status";
import { sqlValues } from "./sql-values";

export const instanceTable = pgTable(
  "instance",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    name: text("name").notNull(),
    provider: text("provider").notNull(),
    status: text("status", { enum: INSTANCE_STATUSES }).notNull(),
    phoneNumber: text("phone_number"),
    paused: boolean("paused").notNull().default(false),
    // A hold: the gateway said this number cannot send now. Set, its jobs wait unclaimed, like a pause.
    heldSince: timestamp("held_since", { withTimezone: true }),
    holdCode: text("hold_code"),
    holdMessage: text("hold_message"),
    // The hold prober's own claim on the instance: the next probe is due then, one prober at a time.
    nextProbeAt: timestamp("next_probe_at", { withTimezone: true }),
    probes: integer("probes").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // A gateway knows its instances by name, so a name is unique per provider.
    unique("instance_provider_name_unique").on(t.provider, t.name),
    check("instance_status_check", sql`${t.status} in (${sqlValues(INSTANCE_STATUSES)})`),
  ],
);

export type InstanceRow = typeof instanceTable.$inferSelect;
