import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import type { Db } from "../../src/infra/database/database";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { createPgliteTestDatabase } from "../support/create-pglite-test-database";
import { createTestDatabase } from "../support/create-test-database";
import { aJobFor, anApprovedIntent, anInstance, at, ORG } from "../support/fixtures";
import { resetDatabase } from "../support/reset-database";

// The search every list shares: the id prefix the lists show, and phone digits however typed.
// Run on PostgreSQL and on PGlite, the same SQL.

const FACTORIES = {
  PostgreSQL: () => createTestDatabase({ max: 4 }),
  PGlite: () => createPgliteTestDatabase(),
};

describe.each(Object.entries(FACTORIES))("list search on %s", (_name, open) => {
  let database: { db: Db; close(): Promise<void> };
  let repos: Repositories;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await resetDatabase(database.db);
    repos = createPostgresRepositories(database.db);
  });

  async function given() {
    const instance = anInstance();
    await repos.instances.insert(instance);
    const made = [];
    for (const [i, phone] of ["+55 11 98765-4301", "5521 3333-0000"].entries()) {
      const intent = anApprovedIntent(instance, at(i), phone);
      await repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: at(i) });
      await repos.jobs.createIfNotExists(job, event);
      made.push({ intent, job });
    }
    return made;
  }

  it("finds intents by phone digits however either side is written, and by the shown id", async () => {
    const [formatted] = await given();
    const ids = async (search: string) =>
      (await repos.intents.list({ organizationId: ORG, limit: 10, search })).items.map((i) => i.id);
    const expected = [formatted?.intent.id];
    expect(await ids("5511987654301")).toEqual(expected);
    expect(await ids("98765-43")).toEqual(expected);
    expect(await ids("(11) 98765 4301")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8).toUpperCase() ?? "")).toEqual(expected);
    expect(await ids("99999999")).toEqual([]);
    expect(await ids("987_")).toEqual([]);
  });

  it("finds jobs by the same digits, by their own shown id and by their intent's", async () => {
    const [formatted] = await given();
    const ids = async (search: string) =>
      (await repos.jobs.list({ organizationId: ORG, limit: 10, search })).items.map((j) => j.id);
    const expected = [formatted?.job.id];
    expect(await ids("5511987654301")).toEqual(expected);
    expect(await ids("98765-43")).toEqual(expected);
    expect(await ids("+55 11 98765-4301")).toEqual(expected);
    expect(await ids(formatted?.job.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids("3333-00")).toHaveLength(1);
    expect(
      (await repos.jobs.list({ organizationId: "another-org", limit: 10, search: "98765" })).items,
    ).toEqual([]);
  });
});
