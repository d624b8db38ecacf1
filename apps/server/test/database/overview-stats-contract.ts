import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobQueue } from "../../src/application/ports/job-queue";
import type { OverviewStatsReader } from "../../src/application/ports/overview-stats-reader";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import { GetOverviewStatsQuery } from "../../src/application/use-cases/get-overview-stats";
import type { Instance } from "../../src/domain/instance/instance";
import type { JobError } from "../../src/domain/job/job-error";
import { fenceOfClaim } from "../../src/domain/job/job-fence";
import {
  aJobFor,
  anApprovedIntent,
  anInstance,
  anIntent,
  at,
  failedEvent,
  ORG,
  sentEvent,
  unconfirmedEvent,
} from "../support/fixtures";

export interface StatsHarness {
  repos: Repositories;
  queue: JobQueue;
  stats: OverviewStatsReader;
  close(): Promise<void>;
}

/** 02:00:30 on the fixtures' day: the window is the 60 minutes from 01:01:00, the last one partial. */
const NOW = at(2 * 3600 + 30);
const WINDOW_START_S = 3600 + 60;

/**
 * What the overview statistics must answer, checked through the query the API serves, on every
 * engine the statement runs on (PostgreSQL, and PGlite for the fast tests).
 */
export function describeOverviewStatsContract(name: string, factory: () => Promise<StatsHarness>): void {
  describe(`${name} overview stats`, () => {
    let harness: StatsHarness;
    let repos: Repositories;
    const overview = () => new GetOverviewStatsQuery(harness.stats, { now: () => NOW }).execute(ORG);

    beforeEach(async () => {
      harness = await factory();
      repos = harness.repos;
    });
    afterEach(() => harness.close());

    async function givenInstance(overrides: Partial<Instance> = {}) {
      const instance = anInstance(overrides);
      await repos.instances.insert(instance);
      return instance;
    }

    async function givenJob(instance: Instance, createdAt = at(0)) {
      const intent = anApprovedIntent(instance, createdAt);
      await repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: createdAt });
      await repos.jobs.createIfNotExists(job, event);
      return job.toProps();
    }

    async function givenClaimed(instance: Instance) {
      const job = await givenJob(instance);
      const [claimed] = await harness.queue.claim({
        workerId: "worker-1",
        limit: 1,
        leaseMs: 30_000,
        perInstanceLimit: 0,
      });
      if (claimed?.job.id !== job.id) throw new Error("the job given to the test could not be claimed");
      return { job: claimed.job, fence: fenceOfClaim(claimed.job) };
    }

    async function givenSent(instance: Instance, when: Date) {
      const { job, fence } = await givenClaimed(instance);
      const event = sentEvent(job, fence, `wamid-${job.id}`, when);
      await harness.queue.complete({ dispatches: [], outcomes: [{ status: "SENT", fence, event }] });
    }

    async function givenFailed(instance: Instance, error: JobError) {
      const { job, fence } = await givenClaimed(instance);
      const event = { ...failedEvent(job, fence, at(2)), error };
      await harness.queue.complete({ dispatches: [], outcomes: [{ status: "FAILED", fence, event }] });
    }

    it("answers zeros and an empty hour for an organization with nothing", async () => {
      const stats = await overview();
      expect(stats.intents).toEqual({
        PENDING: 0,
        APPROVED: 0,
        QUEUED: 0,
        BLOCKED: 0,
        DROPPED: 0,
        SENT: 0,
        FAILED: 0,
      });
      expect(Object.values(stats.jobs).every((count) => count === 0)).toBe(true);
      expect(stats.sentPerMinute).toHaveLength(60);
      expect(stats.sentPerMinute[0]?.minute).toEqual(at(WINDOW_START_S));
      expect(stats.sentPerMinute.at(-1)?.minute).toEqual(at(2 * 3600));
      expect(stats.sentPerMinute.every((point) => point.count === 0)).toBe(true);
      expect(stats).toMatchObject({
        failuresByCode: [],
        runnable: { count: 0, oldestAgeMs: null },
        unconfirmed: 0,
        lanes: [],
      });
    });

    it("counts statuses, sends per minute, failures, backlog and lanes of its own organization", async () => {
      const a = await givenInstance({ name: "lane-a", createdAt: at(0) });
      const b = await givenInstance({ name: "lane-b", createdAt: at(1), status: "disconnected" });
      await givenSent(a, at(WINDOW_START_S + 1));
      await givenSent(a, at(WINDOW_START_S + 2));
      await givenSent(b, at(2 * 3600 + 10));
      await givenSent(a, at(3600 + 30)); // before the window
      const timeout = { code: "TIMEOUT", message: "no answer" };
      await givenFailed(a, timeout);
      await givenFailed(b, timeout);
      await givenFailed(a, { code: "INVALID_RECIPIENT", message: "no such number" });
      await givenClaimed(b); // in flight
      const unconfirmed = await givenClaimed(a);
      const event = { ...unconfirmedEvent(unconfirmed.job, unconfirmed.fence, at(2)), error: timeout };
      await harness.queue.complete({
        dispatches: [],
        outcomes: [{ status: "UNCONFIRMED", fence: unconfirmed.fence, event }],
      });
      await givenJob(a, at(600)); // runnable, the oldest
      await givenJob(b, at(900)); // runnable
      await givenJob(a, at(3 * 3600)); // not due yet: waiting, not runnable
      await repos.intents.insert(anIntent({ now: at(5) })); // PENDING, no job
      const other = await givenInstance({ organizationId: "org-2", name: "other-org" });
      await givenSent(other, at(WINDOW_START_S + 1));
      await givenFailed(other, timeout);

      const stats = await overview();
      expect(stats.intents).toMatchObject({ PENDING: 1, APPROVED: 5, SENT: 4, FAILED: 3 });
      expect(stats.jobs).toEqual({
        PENDING: 3,
        PROCESSING: 1,
        SENT: 4,
        FAILED: 3,
        RETRY: 0,
        UNCONFIRMED: 1,
        CANCELLED: 0,
      });
      expect(stats.sentPerMinute[0]?.count).toBe(2);
      expect(stats.sentPerMinute[59]?.count).toBe(1);
      expect(stats.sentPerMinute.reduce((sum, point) => sum + point.count, 0)).toBe(3);
      expect(stats.failuresByCode).toEqual([
        { code: "TIMEOUT", count: 2 },
        { code: "INVALID_RECIPIENT", count: 1 },
      ]);
      expect(stats.runnable).toEqual({ count: 2, oldestAgeMs: NOW.getTime() - at(600).getTime() });
      expect(stats.unconfirmed).toBe(1);
      // lane-a's two sends went out an hour ago with no receipt since; lane-b's is 20 s old.
      const health = (withoutReceipt: number) => ({ failed: 0, delivered: 0, read: 0, withoutReceipt });
      expect(stats.lanes).toEqual([
        {
          instanceId: a.id,
          name: "lane-a",
          status: "connected",
          inFlight: 0,
          waiting: 2,
          sentLastHour: 2,
          health: health(2),
        },
        {
          instanceId: b.id,
          name: "lane-b",
          status: "disconnected",
          inFlight: 1,
          waiting: 1,
          sentLastHour: 1,
          health: health(0),
        },
      ]);
    });
  });
}
