import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approveText } from "../support/approve-many";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  // Every send takes a second: long enough for a short lease to run out mid-flight.
  h = await startHarness({ database: "postgres", sim: { faults: { latencyMs: 1_000 } }, timeoutMs: 5_000 });
  instanceId = (
    await h.executor.http.registerInstance.execute({ organizationId: "default", name: "lease-1" })
  ).id;
});
afterAll(() => h.close());
beforeEach(() => h.sim.clear());

function approvedJob(phone: string): Promise<{ intentId: string; jobId: string }> {
  return approveText(h, instanceId, phone);
}

async function timelineOf(intentId: string) {
  return (await h.persistence.repos.timeline.listForIntent(intentId)).map((t) => t.event);
}

describe("leases, heartbeats and recovery", () => {
  it("a worker whose lease was taken over cannot record SENT: the job stays UNCONFIRMED", async () => {
    const { intentId, jobId } = await approvedJob("5511977770001");
    const stalled = h.spawnExecutor("stalled", { leaseMs: 300, heartbeatIntervalMs: 60_000 }).worker;
    const rescuer = h.spawnExecutor("rescuer", { recoveryIntervalMs: 50, workerPollIntervalMs: 50 });
    expect(await stalled.runOnce()).toBe(1);
    rescuer.maintenance.start();

    await eventually(async () =>
      (await h.persistence.repos.jobs.findById(jobId))?.status === "UNCONFIRMED" ? true : undefined,
    );
    const taken = await timelineOf(intentId);
    await stalled.idle();
    await rescuer.maintenance.stop();

    expect(h.sim.sends).toHaveLength(1);
    expect((await h.persistence.repos.jobs.findById(jobId))?.toProps()).toMatchObject({
      status: "UNCONFIRMED",
      attempts: 1,
      lastError: { code: "LEASE_EXPIRED" },
      providerMessageId: null,
      executedAt: null,
    });
    expect((await h.persistence.repos.intents.findById(intentId))?.status).toBe("APPROVED");
    expect(await timelineOf(intentId)).toEqual(taken);
    expect(taken.at(-1)).toMatchObject({ type: "MessageUnconfirmed", actor: "worker:rescuer" });
    expect(taken.some((e) => e.type === "MessageSent")).toBe(false);
  });

  it("heartbeats keep a slow send's claim: it ends SENT while recovery runs beside it", async () => {
    const { intentId, jobId } = await approvedJob("5511977770002");
    const beating = h.spawnExecutor("beating", { leaseMs: 300, heartbeatIntervalMs: 60 }).worker;
    const rescuer = h.spawnExecutor("rescuer-2", { recoveryIntervalMs: 50, workerPollIntervalMs: 50 });
    rescuer.maintenance.start();
    beating.start();

    await eventually(async () =>
      (await h.persistence.repos.jobs.findById(jobId))?.status === "SENT" ? true : undefined,
    );
    await Promise.all([beating.stop(1_000), rescuer.maintenance.stop()]);
    expect(h.sim.sends).toHaveLength(1);
    expect((await h.persistence.repos.jobs.findById(jobId))?.attempts).toBe(1);
    const types = (await timelineOf(intentId)).map((e) => e.type);
    expect(types).not.toContain("MessageUnconfirmed");
    expect(types.at(-1)).toBe("MessageSent");
  });
});
