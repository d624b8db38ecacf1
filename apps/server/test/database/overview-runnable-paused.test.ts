import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import { GetOverviewStatsQuery } from "../../src/application/use-cases/get-overview-stats";
import type { Db } from "../../src/infra/database/database";
import { PostgresOverviewStatsReader } from "../../src/infra/database/queries/postgres-overview-stats-reader";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { createPgliteTestDatabase } from "../support/create-pglite-test-database";
import { createTestDatabase } from "../support/create-test-database";
import { aJobFor, anApprovedIntent, anInstance, at, ORG } from "../support/fixtures";
import { resetDatabase } from "../support/reset-database";

// "Runnable now" is what a worker would claim now: a paused number's jobs, or a paused
// organization's, wait and are not counted. PostgreSQL and PGlite, the same statement.

const FACTORIES = {
  PostgreSQL: () => createTestDatabase({ max: 2 }),
  PGlite: () => createPgliteTestDatabase(),
};
const NOW = at(3600);

describe.each(Object.entries(FACTORIES))("overview runnable count on %s", (_name, open) => {
  let database: { db: Db; close(): Promise<void> };
  let repos: Repositories;
  const runnable = async () =>
    (
      await new GetOverviewStatsQuery(new PostgresOverviewStatsReader(database.db), {
        now: () => NOW,
      }).execute(ORG)
    ).runnable;

  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await resetDatabase(database.db);
    repos = createPostgresRepositories(database.db);
  });

  async function givenJobs(name: string, createdAt: number[]) {
    const instance = anInstance({ name });
    await repos.instances.insert(instance);
    for (const seconds of createdAt) {
      const intent = anApprovedIntent(instance, at(seconds));
      await repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: at(seconds) });
      await repos.jobs.createIfNotExists(job, event);
    }
    return instance;
  }

  it("leaves out a paused number's jobs, and every job while the organization is paused", async () => {
    const paused = await givenJobs("paused", [10, 20]);
    await givenJobs("running", [30]);
    expect(await runnable()).toEqual({ count: 3, oldestAgeMs: NOW.getTime() - at(10).getTime() });

    await repos.instances.setPaused(paused.id, true, NOW);
    expect(await runnable()).toEqual({ count: 1, oldestAgeMs: NOW.getTime() - at(30).getTime() });

    await repos.instances.pauseOrganization({
      organizationId: ORG,
      actor: "ana",
      reason: "incident",
      pausedAt: NOW,
    });
    expect(await runnable()).toEqual({ count: 0, oldestAgeMs: null });
  });
});
