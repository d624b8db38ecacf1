import { afterAll, beforeAll } from "vitest";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresUnitOfWork } from "../../src/infra/database/repositories/postgres-unit-of-work";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createPgliteTestDatabase, type PgliteTestDatabase } from "../support/create-pglite-test-database";
import { resetDatabase } from "../support/reset-database";
import { describeRepositoryContract } from "./repository-contract";

let database: PgliteTestDatabase;

// One PGlite for the file (starting one costs far more than emptying it between tests).
beforeAll(async () => {
  database = await createPgliteTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describeRepositoryContract("PGlite", async () => {
  await resetDatabase(database.db);
  return {
    uow: new PostgresUnitOfWork(database.db),
    repos: createPostgresRepositories(database.db),
    queue: new PostgresJobQueue(database.db),
    close: async () => {},
  };
});
