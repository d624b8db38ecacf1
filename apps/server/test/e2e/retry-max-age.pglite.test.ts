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

/** A worker with RETRY_MAX_AGE `age` and one job on a gateway answering 500 to every send. */
async function failingJob(workerId: string, age: string, phone: string) {
  const worker = h.spawnExecutor(workerId, { ...RETRIES, RETRY_MAX_AGE: age }).worker;
  h.sim.setFaults({ error500Rate: 1 });
  const { jobId } = await approveText(h, instanceId, phone);
  return { worker, jobId };
}

/** Runs the worker until the job FAILED; the gateway recovers. */
async function untilFailed(worker: Parameters<typeof runUntil>[0], jobId: string) {
  await runUntil(worker, async () => (await job(jobId)).status === "FAILED");
  h.sim.resetFaults();
  return job(jobId);
}

describe("RETRY_MAX_AGE: the attempt budget also has an age", () => {
  it("a young job outlives its attempts while the gateway fails, and is sent when it recovers", async () => {
    const { worker, jobId } = await failingJob("young", "1h", "5511988880001");
    await runUntil(worker, async () => (await job(jobId)).attempts >= (await job(jobId)).maxAttempts + 3);
    expect((await job(jobId)).status).toBe("RETRY");
    h.sim.resetFaults();
    await runUntil(worker, async () => (await job(jobId)).status === "SENT");
    expect(h.sim.sends).toHaveLength(1);
  });

  it("past the age, with its attempts spent, the job fails", async () => {
    const { worker, jobId } = await failingJob("old", "1s", "5511988880002");
    const failed = await untilFailed(worker, jobId);
    // It kept retrying until a retry would have landed past its age (1 s; retries 40 ms apart at
    // most), then stopped: it failed no earlier than the age less one delay, its attempts spent.
    expect(failed.attempts).toBeGreaterThanOrEqual(failed.maxAttempts);
    expect(failed.updatedAt.getTime() - failed.createdAt.getTime()).toBeGreaterThanOrEqual(1_000 - 40);
  });

  it("off: attempts alone decide, as before", async () => {
    const { worker, jobId } = await failingJob("classic", "off", "5511988880003");
    const failed = await untilFailed(worker, jobId);
    expect(failed.attempts).toBe(failed.maxAttempts);
  });
});
