import { afterAll, beforeAll } from "vitest";
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
  return database.db;
});
