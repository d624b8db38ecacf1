import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/application/ports/clock";
import { DatabaseClock } from "../../src/infra/database/database-clock";
import { approveText } from "../support/approve-many";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

const TEN_MINUTES = 10 * 60_000;
const SKEWS = [
  ["ahead", TEN_MINUTES],
  ["behind", -TEN_MINUTES],
] as const;

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  // Every send takes a second: claims stay live long enough for a wrong clock to think them expired.
  h = await startHarness({ database: "postgres", sim: { faults: { latencyMs: 1_000 } }, timeoutMs: 5_000 });
  instanceId = (await h.executor.http.registerInstance.execute({ organizationId: "default", name: "skew-1" }))
    .id;
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clear();
  h.sim.setFaults({ latencyMs: 1_000 });
});

function skewedClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}

async function approvedJobs(count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push((await approveText(h, instanceId, `55119${prefix}${String(i).padStart(4, "0")}`)).jobId);
  return ids;
}

async function jobsOf(ids: readonly string[]) {
  return Promise.all(ids.map(async (id) => (await h.persistence.repos.jobs.findById(id))?.toProps()));
}

// Leases and due times are compared on the database's clock: a host whose clock is off by ten
// minutes, either way, agrees with every other host on who holds a job and when it is due.
describe.each(SKEWS)("a worker whose clock runs ten minutes %s", (name, offsetMs) => {
  it("neither steals live claims nor loses its own to the others", async () => {
    const settings = {
      WORKER_LEASE_MS: 3_000,
      WORKER_HEARTBEAT_INTERVAL_MS: 500,
      WORKER_RECOVERY_INTERVAL_MS: 50,
      PER_INSTANCE_CONCURRENCY: 0,
      WORKER_CONCURRENCY: 4,
    };
    // The skewed worker holds half the jobs, an honest one the other half; each runs a rescuer
    // that must find nothing to take over.
    const skewed = h.spawnExecutor(`skewed-${name}`, settings, skewedClock(offsetMs));
    const honest = h.spawnExecutor(`honest-${name}`, settings);
    const ids = await approvedJobs(8, offsetMs > 0 ? "1" : "2");
    expect(await skewed.worker.runOnce()).toBeGreaterThan(0);
    expect(await honest.worker.runOnce()).toBeGreaterThan(0);
    skewed.maintenance.start();
    honest.maintenance.start();
    skewed.worker.start();
    honest.worker.start();

    await eventually(async () =>
      (await jobsOf(ids)).every((job) => job?.status === "SENT") ? true : undefined,
    );
    await Promise.all([skewed.worker.stop(2_000), honest.worker.stop(2_000)]);
    await Promise.all([skewed.maintenance.stop(), honest.maintenance.stop()]);

    expect(h.sim.sends).toHaveLength(ids.length);
    expect((await jobsOf(ids)).map((job) => job?.attempts)).toEqual(ids.map(() => 1));
    for (const id of ids) {
      const job = await h.persistence.repos.jobs.findById(id);
      const types = (await h.persistence.repos.timeline.listForIntent(job?.toProps().intentId ?? "")).map(
        (e) => e.event.type,
      );
      expect(types).not.toContain("MessageUnconfirmed");
    }
  });

  it("neither runs a retry early nor schedules one early for the others", async () => {
    h.sim.setFaults({ latencyMs: 0, error500Rate: 1 });
    // The first failure is due again 30 to 60 s later on every clock.
    const settings = {
      RETRY_BASE_DELAY_MS: 60_000,
      RETRY_MAX_DELAY_MS: 60_000,
      PER_INSTANCE_CONCURRENCY: 0,
    };
    const skewed = h.spawnExecutor(`skewed-retry-${name}`, settings, skewedClock(offsetMs));
    const honest = h.spawnExecutor(`honest-retry-${name}`, settings);
    const [failedBySkewed] = await approvedJobs(1, offsetMs > 0 ? "3" : "4");
    expect(await skewed.worker.runOnce()).toBe(1);
    await skewed.worker.idle();
    const [failedByHonest] = await approvedJobs(1, offsetMs > 0 ? "5" : "6");
    expect(await honest.worker.runOnce()).toBe(1);
    await honest.worker.idle();
    h.sim.resetFaults();

    const ids = [failedBySkewed ?? "", failedByHonest ?? ""];
    expect((await jobsOf(ids)).map((job) => [job?.status, job?.attempts])).toEqual([
      ["RETRY", 1],
      ["RETRY", 1],
    ]);
    for (const worker of [skewed.worker, honest.worker]) expect(await worker.runOnce()).toBe(0);
    expect(h.sim.sends).toHaveLength(0);
  });
});

/** The database's clock now, read as the rows' timestamps are compared with it. */
async function databaseNow(): Promise<Date> {
  return new Date(await h.persistence.readClockMs());
}

/** Within a second of `expected`: an API host ten minutes off misses by ten minutes. */
function expectAbout(actual: Date | undefined, expected: Date): void {
  expect(Math.abs((actual?.getTime() ?? 0) - expected.getTime())).toBeLessThan(1_000);
}

// Job creation and operator actions build their rows and events in TypeScript, on the API host's
// clock read on the database's (DatabaseClock, as main.ts wires it).
describe.each(SKEWS)("an API whose clock runs ten minutes %s", (name, offsetMs) => {
  it("creates jobs due now or at their scheduled time, and requeues them due now, on the database's clock", async () => {
    const host = skewedClock(offsetMs);
    const api = h.spawnExecutor(
      `api-${name}`,
      { WORKER_ENABLED: "false", MAX_ATTEMPTS: "1" },
      await DatabaseClock.synchronized(host, h.persistence.readClockMs),
    ).http;
    const approved = async (phone: string, sendAt?: Date) => {
      const intent = await api.createIntent.execute({
        organizationId: "default",
        target: { kind: "PHONE", value: phone },
        purpose: "DISPATCH",
        content: { type: "TEXT", payload: { text: "skew" } },
        ...(sendAt ? { sendAt } : {}),
      });
      const { job } = await api.approveIntent.execute({
        organizationId: "default",
        intentId: intent.id,
        instanceId,
        actor: "test",
      });
      return job.id;
    };
    const now = await databaseNow();
    // Five minutes on, in the database's time as a client that reads the server's clock would say.
    const scheduledAt = new Date(now.getTime() + 5 * 60_000);
    const [dueNow, scheduled] = await jobsOf([
      await approved(`5511970${offsetMs > 0 ? 1 : 2}0001`),
      await approved(`5511970${offsetMs > 0 ? 1 : 2}0002`, scheduledAt),
    ]);
    expectAbout(dueNow?.createdAt, now);
    expectAbout(dueNow?.nextAttemptAt, now);
    expectAbout(scheduled?.nextAttemptAt, scheduledAt);

    // Its budget is one attempt: one failure is final.
    h.sim.setFaults({ latencyMs: 0, error500Rate: 1 });
    await h.step();
    h.sim.resetFaults();
    expect((await jobsOf([dueNow?.id ?? ""]))[0]?.status).toBe("FAILED");
    const requeuedAt = await databaseNow();
    await api.requeueJob.execute({
      organizationId: "default",
      jobId: dueNow?.id ?? "",
      actor: "op",
      reason: "again",
    });
    expectAbout((await jobsOf([dueNow?.id ?? ""]))[0]?.nextAttemptAt, requeuedAt);
    await h.step();
    expect((await jobsOf([dueNow?.id ?? "", scheduled?.id ?? ""])).map((job) => job?.status)).toEqual([
      "SENT",
      "PENDING",
    ]);
  });
});
