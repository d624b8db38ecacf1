import { describe, expect, it } from "vitest";
import type { Db } from "../../src/infra/database/database";
import { createLogger } from "../../src/infra/logging/logger";
import { HistoryRetention, type RetentionSettings } from "../../src/infra/maintenance/history-retention";
import {
  existingIntents,
  historyCounts,
  seedGatewayEvent,
  seedInstance,
  seedIntent,
} from "../support/seed-history";

const DAY = 86_400;

export const RETENTION: RetentionSettings = {
  finishedIntentsFor: 30 * DAY,
  deliveriesFor: 7 * DAY,
  gatewayEventsFor: 7 * DAY,
  intervalMs: 60_000,
  batchSize: 2,
  batchPauseMs: 0,
};

export function retentionOf(db: Db, settings: Partial<RetentionSettings> = {}): HistoryRetention {
  return new HistoryRetention(db, createLogger("silent"), { ...RETENTION, ...settings });
}

/** The retention rules, on whichever database `fresh` opens (PostgreSQL or in-memory PGlite). */
export function describeRetentionContract(name: string, fresh: () => Promise<Db>): void {
  describe(`history retention on ${name}`, () => {
    it("deletes finished intents past their retention with their job, timeline and deliveries, in batches", async () => {
      const db = await fresh();
      const instance = await seedInstance(db);
      const seed = (s: Parameters<typeof seedIntent>[2]) => seedIntent(db, instance, s);
      const old = [
        await seed({
          intentStatus: "SENT",
          jobStatus: "SENT",
          ageDays: 40,
          deliveries: ["SUCCEEDED", "FAILED"],
        }),
        await seed({ intentStatus: "FAILED", jobStatus: "FAILED", ageDays: 31 }),
        await seed({ intentStatus: "DROPPED", jobStatus: "CANCELLED", ageDays: 90 }),
        await seed({ intentStatus: "DROPPED", jobStatus: null, ageDays: 35 }),
        await seed({ intentStatus: "SENT", jobStatus: "SENT", ageDays: 60 }),
      ];
      const kept = [
        await seed({ intentStatus: "SENT", jobStatus: "SENT", ageDays: 29 }),
        // Finished only yesterday, though created long ago.
        await seed({ intentStatus: "SENT", jobStatus: "SENT", ageDays: 60, updatedAgeDays: 1 }),
        await seed({ intentStatus: "APPROVED", jobStatus: "UNCONFIRMED", ageDays: 60 }),
        await seed({ intentStatus: "APPROVED", jobStatus: "PENDING", ageDays: 60 }),
        await seed({ intentStatus: "APPROVED", jobStatus: "RETRY", ageDays: 60 }),
        await seed({ intentStatus: "APPROVED", jobStatus: "PROCESSING", ageDays: 60 }),
        await seed({ intentStatus: "QUEUED", jobStatus: null, ageDays: 60 }),
        await seed({ intentStatus: "PENDING", jobStatus: null, ageDays: 60 }),
        // Still owes a webhook delivery: its timeline row must stay for it.
        await seed({ intentStatus: "SENT", jobStatus: "SENT", ageDays: 60, deliveries: ["PENDING"] }),
      ];

      const deleted = await retentionOf(db, { deliveriesFor: null }).runOnce();

      expect(deleted.intents).toBe(old.length);
      expect(await existingIntents(db, [...old, ...kept])).toEqual(new Set(kept));
      expect(await historyCounts(db)).toMatchObject({
        intents: kept.length,
        jobs: kept.length - 2,
        timeline: kept.length,
        deliveries: 1,
      });
    });

    it("deletes finished webhook deliveries past their retention and keeps unfinished ones", async () => {
      const db = await fresh();
      const instance = await seedInstance(db);
      await seedIntent(db, instance, {
        intentStatus: "SENT",
        jobStatus: "SENT",
        ageDays: 8,
        deliveries: ["SUCCEEDED", "FAILED", "SUCCEEDED", "PENDING", "DELIVERING"],
      });
      await seedIntent(db, instance, {
        intentStatus: "SENT",
        jobStatus: "SENT",
        ageDays: 6,
        deliveries: ["SUCCEEDED", "FAILED"],
      });

      const deleted = await retentionOf(db).runOnce();

      expect(deleted).toEqual({ deliveries: 3, gatewayEvents: 0, intents: 0, timelineDays: [] });
      expect(await historyCounts(db)).toMatchObject({ intents: 2, timeline: 2, deliveries: 4 });
    });

    it("deletes gateway reports past their retention unless one is still pending", async () => {
      const db = await fresh();
      for (const resolution of ["settled", "unmatched", "ambiguous", "pending"])
        await seedGatewayEvent(db, resolution, 8);
      await seedGatewayEvent(db, "settled", 6);

      const deleted = await retentionOf(db).runOnce();

      expect(deleted.gatewayEvents).toBe(3);
      expect(await historyCounts(db)).toMatchObject({ gatewayEvents: 2 });
    });

    it("keeps everything a setting turns off", async () => {
      const db = await fresh();
      const instance = await seedInstance(db);
      await seedIntent(db, instance, {
        intentStatus: "SENT",
        jobStatus: "SENT",
        ageDays: 400,
        deliveries: ["SUCCEEDED"],
      });
      await seedGatewayEvent(db, "settled", 400);

      const retention = retentionOf(db, {
        finishedIntentsFor: null,
        deliveriesFor: null,
        gatewayEventsFor: null,
      });

      expect(await retention.runOnce()).toEqual({
        deliveries: 0,
        gatewayEvents: 0,
        intents: 0,
        timelineDays: [],
      });
      expect(await historyCounts(db)).toMatchObject({ intents: 1, deliveries: 1, gatewayEvents: 1 });
    });
  });
}
