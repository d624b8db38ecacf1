import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../src/application/ports/clock";
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
      leaseMs: 3_000,
      heartbeatIntervalMs: 500,
      recoveryIntervalMs: 50,
      perInstanceConcurrency: 0,
      workerConcurrency: 4,
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
    const settings = { retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000, perInstanceConcurrency: 0 };
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
