import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../src/infra/database/database";
import { PostgresOverviewStatsReader } from "../../src/infra/database/queries/postgres-overview-stats-reader";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { resetDatabase } from "../support/reset-database";
import { useInMemoryDatabase } from "../support/use-in-memory-database";
import { describeOverviewStatsContract } from "./overview-stats-contract";

let postgres: TestDatabase;
const freshInMemoryDatabase = useInMemoryDatabase();

beforeAll(async () => {
  postgres = await createTestDatabase({ max: 2 });
});
afterAll(async () => {
  await postgres?.close();
});

function harnessOver(db: Db) {
  return {
    repos: createPostgresRepositories(db),
    queue: new PostgresJobQueue(db),
    stats: new PostgresOverviewStatsReader(db),
    close: async () => {},
  };
}

describeOverviewStatsContract("PostgreSQL", async () => {
  await resetDatabase(postgres.db);
  return harnessOver(postgres.db);
});
describeOverviewStatsContract("in-memory PGlite", async () =>
  harnessOver((await freshInMemoryDatabase()).db),
);
