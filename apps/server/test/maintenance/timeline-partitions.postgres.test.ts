import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, runMigrations } from "../../src/infra/database/migrate";
import { openPostgres } from "../../src/infra/database/open-postgres";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { resetDatabase } from "../support/reset-database";
import {
  dayName,
  dayPartitions,
  describeTimelinePartitionContract,
  upkeepOf,
} from "./timeline-partitions-contract";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ max: 12 });
});
afterAll(async () => {
  await database?.close();
});

describeTimelinePartitionContract("PostgreSQL", async () => {
  await resetDatabase(database.db);
  return database.db;
});

describe("timeline partition upkeep across processes on PostgreSQL", () => {
  it("processes racing to create partitions create each once, without errors, whatever their time zone", async () => {
    const racing = await createTestDatabase({ max: 2 });
    // Sessions 14 hours ahead of UTC: day names and bounds must not follow the session's time zone.
    await racing.db.execute(
      sql.raw(`alter database ${new URL(racing.url).pathname.slice(1)} set timezone to 'Pacific/Kiritimati'`),
    );
    const handles = Array.from({ length: 8 }, () => openPostgres(racing.url, { max: 2 }));
    try {
      const created = await Promise.all(handles.map((handle) => upkeepOf(handle.db).runOnce()));
      // A process that finds the lock taken skips that step; whatever is left, one more pass creates.
      const rest = await upkeepOf(racing.db).runOnce();

      expect([...created.flat(), ...rest].sort()).toEqual([2, 3, 4, 5, 6, 7].map(dayName));
      expect(await dayPartitions(racing.db)).toEqual([2, 3, 4, 5, 6, 7].map(dayName));
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await racing.close();
    }
  });
});

describe("migrating a live timeline to partitions", () => {
  it("converts a populated table and bounds it while writers insert: no row lost, no writer waits past its lock_timeout", async () => {
    const before = mkdtempSync(join(tmpdir(), "migrations-before-partitioning-"));
    const target = await createTestDatabase({ max: 2 });
    const writers = Array.from({ length: 4 }, () => new pg.Client({ connectionString: target.url }));
    try {
      // The schema as it was just before partitioning: the journal's migrations before that one
      // (the migrator applies what the journal lists).
      cpSync(migrationsFolder, before, { recursive: true });
      const journalPath = join(before, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
      const partitioning = journal.entries.findIndex((entry) =>
        entry.tag.endsWith("_timeline-partitioned-by-day"),
      );
      expect(partitioning).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, partitioning);
      writeFileSync(journalPath, JSON.stringify(journal));
      await target.db.execute(sql`drop schema public cascade`);
      await target.db.execute(sql`drop schema drizzle cascade`);
      await target.db.execute(sql`create schema public`);
      const setup = await target.database.pool.connect();
      try {
        await migrate(drizzle({ client: setup }), { migrationsFolder: before });
      } finally {
        setup.release();
      }
      await target.db.execute(sql`
        insert into timeline_event (organization_id, intent_id, type, actor, data, occurred_at)
        select 'org-live', gen_random_uuid(), 'MessageIntentCreated', 'test', '{}', now() - g * interval '1 second'
        from generate_series(1, 1000000) g`);

      let writing = true;
      const written: number[] = [];
      const failures: unknown[] = [];
      const loops = writers.map(async (client, index) => {
        await client.connect();
        // A writer that has to wait longer than this for a lock fails: the migration must never make it.
        await client.query("set lock_timeout = '1s'");
        written[index] = 0;
        while (writing) {
          try {
            await client.query(
              `insert into timeline_event (organization_id, intent_id, type, actor, data, occurred_at)
               values ('org-live', gen_random_uuid(), 'MessageIntentCreated', 'test', '{}', now())`,
            );
            written[index] = (written[index] ?? 0) + 1;
          } catch (error) {
            failures.push(error);
          }
        }
      });
      let created: string[] = [];
      const migrated = await openPostgres(target.url, { max: 1 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await runMigrations(migrated);
        // Then the upkeep's first run: bound the million-row default partition, validate, create days.
        created = await upkeepOf(migrated.db).runOnce();
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        writing = false;
        await Promise.all(loops);
        await migrated.close();
      }

      expect(failures).toEqual([]);
      expect(created).toEqual([2, 3, 4, 5, 6, 7].map(dayName));
      const [counts] = await queryRows<{ rows: number; ids: number; partitioned: boolean }>(
        target.db,
        sql`select count(*)::int as rows, count(distinct id)::int as ids,
                   exists (select 1 from pg_partitioned_table where partrelid = 'timeline_event'::regclass) as partitioned
            from timeline_event`,
      );
      const total = 1_000_000 + written.reduce((sum, n) => sum + n, 0);
      expect(counts).toEqual({ rows: total, ids: total, partitioned: true });
    } finally {
      await Promise.all(writers.map((client) => client.end().catch(() => {})));
      rmSync(before, { recursive: true, force: true });
      await target.close();
    }
  }, 600_000);
});
