import { afterAll, beforeAll } from "vitest";
import { PostgresOverviewStatsReader } from "../../src/infra/database/queries/postgres-overview-stats-reader";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { createInMemoryRepositories } from "../../src/infra/memory/create-in-memory-repositories";
import { InMemoryOverviewStatsReader } from "../../src/infra/memory/in-memory-overview-stats-reader";
import { InMemoryStore } from "../../src/infra/memory/in-memory-store";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createPgliteTestDatabase, type PgliteTestDatabase } from "../support/create-pglite-test-database";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { resetDatabase } from "../support/reset-database";
import { describeOverviewStatsContract } from "./overview-stats-contract";

let postgres: TestDatabase;
let pglite: PgliteTestDatabase;

beforeAll(async () => {
  [postgres, pglite] = await Promise.all([createTestDatabase({ max: 2 }), createPgliteTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([postgres?.close(), pglite?.close()]);
});

describeOverviewStatsContract("in-memory", async () => {
  const store = new InMemoryStore();
  return {
    repos: createInMemoryRepositories(store),
    stats: new InMemoryOverviewStatsReader(store.access),
    close: async () => {},
  };
});

for (const [name, database] of [
  ["PostgreSQL", () => postgres],
  ["PGlite", () => pglite],
] as const) {
  describeOverviewStatsContract(name, async () => {
    const { db } = database();
    await resetDatabase(db);
    return {
      repos: createPostgresRepositories(db),
      queue: new PostgresJobQueue(db),
      stats: new PostgresOverviewStatsReader(db),
      close: async () => {},
    };
  });
}
