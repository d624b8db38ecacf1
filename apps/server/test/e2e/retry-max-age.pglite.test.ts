import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveText } from "../support/approve-many";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// RETRY_MAX_AGE: a gateway answering 500s for longer than the whole attempt schedule does not fail
// a young message; the job keeps retrying (attempts past MAX_ATTEMPTS) and is sent once the
// gateway recovers. Past the age, attempts spent, it fails.

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  instanceId = (await h.executor.http.registerInstance.execute({ organizationId: "default", name: "age-1" }))
    .id;
});
afterAll(() => h.close());

async function runUntil(
  worker: { runOnce(): Promise<number>; idle(): Promise<void> },
  done: () => Promise<boolean>,
) {
  await eventually(async () => {
    await worker.runOnce();
    await worker.idle();
    return (await done()) ? true : undefined;
  }, 30_000);
}

const job = async (jobId: string) => {
  const found = await h.persistence.repos.jobs.findById(jobId);
  if (!found) throw new Error(`no job ${jobId}`);
  return found.toProps();
};

// The job's budget is the approving executor's MAX_ATTEMPTS (the default, 5).
const RETRIES = { RETRY_BASE_DELAY_MS: 10, RETRY_MAX_DELAY_MS: 40 };

describe("RETRY_MAX_AGE: the attempt budget also has an age", () => {
  it("a young job outlives its attempts while the gateway fails, and is sent when it recovers", async () => {
    const worker = h.spawnExecutor("young", { ...RETRIES, RETRY_MAX_AGE: "1h" }).worker;
    h.sim.setFaults({ error500Rate: 1 });
    const { jobId } = await approveText(h, instanceId, "5511988880001");
    await runUntil(worker, async () => (await job(jobId)).attempts >= (await job(jobId)).maxAttempts + 3);
    expect((await job(jobId)).status).toBe("RETRY");
    h.sim.resetFaults();
    await runUntil(worker, async () => (await job(jobId)).status === "SENT");
    expect(h.sim.sends).toHaveLength(1);
  });

  it("past the age, with its attempts spent, the job fails", async () => {
    const worker = h.spawnExecutor("old", { ...RETRIES, RETRY_MAX_AGE: "1s" }).worker;
    h.sim.setFaults({ error500Rate: 1 });
    const { jobId } = await approveText(h, instanceId, "5511988880002");
    await runUntil(worker, async () => (await job(jobId)).status === "FAILED");
    const failed = await job(jobId);
    // It kept retrying until a retry would have landed past its age (1 s; retries 40 ms apart at
    // most), then stopped: it failed no earlier than the age less one delay, its attempts spent.
    expect(failed.attempts).toBeGreaterThanOrEqual(failed.maxAttempts);
    expect(failed.updatedAt.getTime() - failed.createdAt.getTime()).toBeGreaterThanOrEqual(1_000 - 40);
    h.sim.resetFaults();
  });

  it("off: attempts alone decide, as before", async () => {
    const worker = h.spawnExecutor("classic", { ...RETRIES, RETRY_MAX_AGE: "off" }).worker;
    h.sim.setFaults({ error500Rate: 1 });
    const { jobId } = await approveText(h, instanceId, "5511988880003");
    await runUntil(worker, async () => (await job(jobId)).status === "FAILED");
    const failed = await job(jobId);
    expect(failed.attempts).toBe(failed.maxAttempts);
    h.sim.resetFaults();
  });
});
