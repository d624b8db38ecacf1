import { expect, it } from "vitest";
import { GetOverviewStatsQuery } from "../../src/application/use-cases/get-overview-stats";
import { PostgresOverviewStatsReader } from "../../src/infra/database/queries/postgres-overview-stats-reader";
import { aJobFor, anApprovedIntent, anInstance, at, ORG } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

// "Runnable now" is what a worker would claim now: a paused number's jobs, or a paused
// organization's, wait and are not counted. PostgreSQL and PGlite, the same statement.

const NOW = at(3600);

describeOnEachSqlDatabase("overview runnable count", (current) => {
  const runnable = async () =>
    (
      await new GetOverviewStatsQuery(new PostgresOverviewStatsReader(current().db), {
        now: () => NOW,
      }).execute(ORG)
    ).runnable;

  async function givenJobs(name: string, createdAt: number[]) {
    const instance = anInstance({ name });
    await current().repos.instances.insert(instance);
    for (const seconds of createdAt) {
      const intent = anApprovedIntent(instance, at(seconds));
      await current().repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: at(seconds) });
      await current().repos.jobs.createIfNotExists(job, event);
    }
    return instance;
  }

  it("leaves out a paused number's jobs, and every job while the organization is paused", async () => {
    const paused = await givenJobs("paused", [10, 20]);
    await givenJobs("running", [30]);
    expect(await runnable()).toEqual({ count: 3, oldestAgeMs: NOW.getTime() - at(10).getTime() });

    await current().repos.instances.setPaused(paused.id, true, NOW);
    expect(await runnable()).toEqual({ count: 1, oldestAgeMs: NOW.getTime() - at(30).getTime() });

    await current().repos.instances.pauseOrganization({
      organizationId: ORG,
      actor: "ana",
      reason: "incident",
      pausedAt: NOW,
    });
    expect(await runnable()).toEqual({ count: 0, oldestAgeMs: null });
  });
});
