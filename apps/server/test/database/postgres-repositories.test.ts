import { afterAll, beforeAll } from "vitest";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresUnitOfWork } from "../../src/infra/database/repositories/postgres-unit-of-work";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { resetDatabase } from "../support/reset-database";
import { describeRepositoryContract } from "./repository-contract";

let database: TestDatabase;

// Enough connections for the concurrent claimers to race for real, each on its own connection.
beforeAll(async () => {
  database = await createTestDatabase({ max: 12 });
});
afterAll(async () => {
  await database?.close();
});

describeRepositoryContract("PostgreSQL", async () => {
  await resetDatabase(database.db);
  return {
    uow: new PostgresUnitOfWork(database.db),
    repos: createPostgresRepositories(database.db),
    queue: new PostgresJobQueue(database.db),
    close: async () => {},
  };
});
