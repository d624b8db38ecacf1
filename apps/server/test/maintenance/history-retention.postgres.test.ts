import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { resetDatabase } from "../support/reset-database";
import { historyCounts, seedInstance, seedIntent } from "../support/seed-history";
import { describeRetentionContract, retentionOf } from "./history-retention-contract";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ max: 12 });
});
afterAll(async () => {
  await database?.close();
});

async function fresh() {
  await resetDatabase(database.db);
  return database.db;
}

describeRetentionContract("PostgreSQL", fresh);

describe("history retention across processes on PostgreSQL", () => {
  async function seedOld(count: number) {
    const db = await fresh();
    const instance = await seedInstance(db);
    await Promise.all(
      Array.from({ length: count }, () =>
        seedIntent(db, instance, {
          intentStatus: "SENT",
          jobStatus: "SENT",
          ageDays: 40,
          deliveries: ["SUCCEEDED"],
        }),
      ),
    );
    return db;
  }

  it("deletes nothing while another process holds the retention lock", async () => {
    const db = await seedOld(5);
    const client = await database.database.pool.connect();
    try {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock($1::bigint)", [String(0x574c_7265_7461)]);

      expect(await retentionOf(db).runOnce()).toEqual({
        deliveries: 0,
        gatewayEvents: 0,
        intents: 0,
        timelineDays: [],
      });
      expect(await historyCounts(db)).toMatchObject({ intents: 5 });
    } finally {
      await client.query("rollback");
      client.release();
    }
    expect((await retentionOf(db).runOnce()).intents).toBe(5);
  });

  it("processes racing over one history delete each row once, without errors", async () => {
    const db = await seedOld(300);
    const racers = Array.from({ length: 6 }, () => retentionOf(db, { batchSize: 7 }));

    const results = await Promise.all(racers.map((racer) => racer.runOnce()));
    // A racer that finds the lock taken stops; whatever is left, one more pass finishes.
    const rest = await retentionOf(db, { batchSize: 7 }).runOnce();

    const total = results.reduce((sum, r) => sum + r.intents, 0) + rest.intents;
    expect(total).toBe(300);
    expect(await historyCounts(db)).toMatchObject({ intents: 0, jobs: 0, timeline: 0, deliveries: 0 });
  });
});
