import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/infra/database/database";
import { PostgresTimelineFeed } from "../../src/infra/database/repositories/postgres-timeline-feed";
import { PostgresTimelineRepository } from "../../src/infra/database/repositories/postgres-timeline-repository";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { createLogger } from "../../src/infra/logging/logger";
import { TimelinePartitionUpkeep } from "../../src/infra/maintenance/timeline-partition-upkeep";
import { seedInstance, seedIntent } from "../support/seed-history";
import { retentionOf } from "./history-retention-contract";

const DAY_MS = 86_400_000;
export const upkeepOf = (db: Db) => new TimelinePartitionUpkeep(db, createLogger("silent"), { daysAhead: 7 });

/** `timeline_event_YYYYMMDD` of the UTC day `offset` days from today. */
export function dayName(offset: number): string {
  return `timeline_event_${new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

export async function dayPartitions(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'timeline_event'::regclass and c.relname <> 'timeline_event_default'
        order by c.relname`,
  );
  return rows.map((row) => row.name);
}

/** Where a row landed. */
async function partitionOf(db: Db, id: number): Promise<string | undefined> {
  const [row] = await queryRows<{ name: string }>(
    db,
    sql`select tableoid::regclass::text as name from timeline_event where id = ${id}`,
  );
  return row?.name;
}

async function insertEvent(db: Db, occurredAt: Date, intentId: string | null = null): Promise<number> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into timeline_event (organization_id, intent_id, type, actor, data, occurred_at)
        values ('org-partitions', ${intentId}::uuid, 'InstanceDisconnected', 'test',
                ${JSON.stringify({ type: "InstanceDisconnected", organizationId: "org-partitions", instanceId: "i", occurredAt: occurredAt.toISOString() })}::jsonb,
                ${occurredAt.toISOString()}::timestamptz)
        returning id::text`,
  );
  return Number(row?.id);
}

/** A past day's partition, as the upkeep would have created it then. */
async function createPastDay(db: Db, daysAgo: number): Promise<string> {
  const start = new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
  const end = new Date(Date.parse(start) + DAY_MS).toISOString().slice(0, 10);
  const name = dayName(-daysAgo);
  await db.execute(
    sql.raw(`create table ${name} partition of timeline_event (primary key (id))
             for values from ('${start} 00:00:00+00') to ('${end} 00:00:00+00')`),
  );
  return name;
}

/** Partition upkeep and retention's drops, on whichever database `fresh` opens (PostgreSQL or in-memory PGlite). */
export function describeTimelinePartitionContract(name: string, fresh: () => Promise<Db>): void {
  describe(`timeline partitions on ${name}`, () => {
    it("creates the coming days' partitions once, and rows of those days land in them", async () => {
      const db = await fresh();
      // Today and tomorrow stay in the default partition: its bound starts the day after tomorrow.
      const expected = [2, 3, 4, 5, 6, 7].map(dayName);

      expect(await upkeepOf(db).runOnce()).toEqual(expected);
      expect(await upkeepOf(db).runOnce()).toEqual([]);
      expect(await dayPartitions(db)).toEqual(expected);

      const inThreeDays = await insertEvent(db, new Date(Date.now() + 3 * DAY_MS));
      const now = await insertEvent(db, new Date());
      const longAgo = await insertEvent(db, new Date("2020-01-01T00:00:00Z"));
      expect(await partitionOf(db, inThreeDays)).toBe(dayName(3));
      expect(await partitionOf(db, now)).toBe("timeline_event_default");
      expect(await partitionOf(db, longAgo)).toBe("timeline_event_default");

      // Reads see every partition, in the same order as before.
      // The feed returns a row once every older transaction on the server has ended: wait for that.
      const feed = new PostgresTimelineFeed(db);
      await vi.waitFor(
        async () => {
          const batch = await feed.read("org-partitions", feed.start(), 10);
          expect(batch.entries.map((entry) => Number(entry.id))).toEqual([inThreeDays, now, longAgo]);
        },
        { timeout: 20_000, interval: 100 },
      );
      expect(await feed.after("org-partitions", String(inThreeDays))).not.toBeNull();
    });

    it("retention drops an expired day once no kept intent has a row in it, and keeps the others", async () => {
      const db = await fresh();
      const expired = await createPastDay(db, 40);
      const kept = await createPastDay(db, 41);
      const owed = await createPastDay(db, 42);
      const recent = await createPastDay(db, 20);
      const instance = await seedInstance(db);
      const finished = await seedIntent(db, instance, {
        intentStatus: "SENT",
        jobStatus: "SENT",
        ageDays: 40,
      });
      await insertEvent(db, new Date(Date.now() - 40 * DAY_MS));
      const unconfirmed = await seedIntent(db, instance, {
        intentStatus: "APPROVED",
        jobStatus: "UNCONFIRMED",
        ageDays: 41,
      });
      await seedIntent(db, instance, { intentStatus: "SENT", jobStatus: "SENT", ageDays: 41 });
      // An event about a number, still owed to an endpoint.
      const owedEvent = await insertEvent(db, new Date(Date.now() - 42 * DAY_MS));
      await db.execute(sql`
      insert into webhook_endpoint (id, organization_id, url, events, secret, created_at)
      values ('00000000-0000-4000-8000-000000000001', 'org-partitions', 'http://127.0.0.1:9/hook', '{}',
              'secret-of-the-test-endpoint', now())`);
      await db.execute(sql`
      insert into webhook_delivery (endpoint_id, organization_id, timeline_event_id, event_type)
      values ('00000000-0000-4000-8000-000000000001', 'org-partitions', ${owedEvent}, 'InstanceDisconnected')`);
      await seedIntent(db, instance, { intentStatus: "SENT", jobStatus: "SENT", ageDays: 20 });

      const pass = await retentionOf(db).runOnce();

      expect(pass.timelineDays).toEqual([expired]);
      expect(pass.intents).toBe(2);
      const days = await dayPartitions(db);
      expect(days).toEqual(expect.arrayContaining([kept, owed, recent]));
      expect(days).not.toContain(expired);
      // The UNCONFIRMED intent's timeline is whole.
      const timeline = await new PostgresTimelineRepository(db).listForIntent(unconfirmed);
      expect(timeline).toHaveLength(1);
      expect(await new PostgresTimelineRepository(db).listForIntent(finished)).toEqual([]);

      // Once the delivery is done and gone, and the intent finished and gone, their days go too.
      await db.execute(sql`delete from webhook_delivery`);
      await db.execute(
        sql`update message_execution_job set status = 'SENT', executed_at = now() where intent_id = ${unconfirmed}`,
      );
      await db.execute(sql`update message_intent set status = 'SENT' where id = ${unconfirmed}`);
      await db.execute(
        sql`update message_intent set updated_at = now() - interval '41 days' where id = ${unconfirmed}`,
      );
      expect((await retentionOf(db).runOnce()).timelineDays).toEqual([owed, kept].sort());
    });
  });
}
