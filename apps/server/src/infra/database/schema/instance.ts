import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { InstancePacing, InstanceWarmup, SendingWindow } from "../../../domain/instance/instance-pacing";
import { INSTANCE_STATUSES } from "../../../domain/instance/instance-status";
import { sqlValues } from "./sql-values";

export const instanceTable = pgTable(
  "instance",
  {
    id: uuid("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    // What operators call the number: renaming it changes only this.
    name: text("name").notNull(),
    // What the gateway calls it: fixed at registration, so a rename never breaks sends, webhooks or probes.
    gatewayName: text("gateway_name").notNull(),
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
    pacing: jsonb("pacing").$type<InstancePacing>(),
    warmup: jsonb("warmup").$type<InstanceWarmup>(),
    sendingWindow: jsonb("sending_window").$type<SendingWindow>(),
    // Ask the gateway whether a phone number is on WhatsApp before its first send (results cached).
    checkRecipients: boolean("check_recipients").notNull().default(false),
    // Set by the settings, read by the claim: the hot path skips these instances with one hashed
    // subplan, and only they pay for pacing and windows.
    careful: boolean("careful")
      .notNull()
      .generatedAlwaysAs(sql`pacing is not null or warmup is not null or sending_window is not null`),
    // A paced number's next send is not claimed before this: 'infinity' while one is in flight,
    // then (its answer's time + the gap drawn at its claim) — see the pace-after-answer trigger.
    nextSendAt: timestamp("next_send_at", { withTimezone: true }),
    // The claim (its locked_by) whose answer set next_send_at; null when something else ended it.
    // A worker that claims the number's next job and finds its own claim here counts the gap from
    // the answer on its own clock instead of the database's later dating of it.
    pacedBy: text("paced_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    // Deleted by an operator: kept so that the messages sent through it stay readable, hidden from
    // lists, refused to new approvals, its gateway name free again.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // A gateway knows its instances by name, so a live instance's gateway name is unique per provider.
    uniqueIndex("instance_provider_gateway_name_unique")
      .on(t.provider, t.gatewayName)
      .where(sql`deleted_at is null`),
    check("instance_status_check", sql`${t.status} in (${sqlValues(INSTANCE_STATUSES)})`),
  ],
);

export type InstanceRow = typeof instanceTable.$inferSelect;

/**
 * The sends of paced numbers, at their answer's time (see the pace_after_answer trigger): the
 * rolling minute, hour and day caps count them. Each answer prunes its number's rows older than a day.
 */
export const instanceSendTable = pgTable(
  "instance_send",
  {
    instanceId: uuid("instance_id").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("instance_send_instance_sent_at_idx").on(t.instanceId, t.sentAt)],
);
