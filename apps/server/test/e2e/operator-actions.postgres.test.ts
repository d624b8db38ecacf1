import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { printFigures } from "../support/fault-figures";
import { testSettings } from "../support/test-settings";

let h: Harness;
let instanceId: string;
let otherInstanceId: string;

beforeAll(async () => {
  // A short client timeout turns a hung send into UNCONFIRMED quickly; tests step the worker by hand.
  h = await startHarness({ database: "postgres", timeoutMs: 300, settings: { PER_INSTANCE_CONCURRENCY: 0 } });
  instanceId = (await h.request({ method: "POST", url: "/v1/instances", payload: { name: "ops-1" } })).json()
    .id;
  otherInstanceId = (
    await h.request({ method: "POST", url: "/v1/instances", payload: { name: "ops-2" } })
  ).json().id;
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clear();
  h.sim.resetFaults();
});

async function approved(
  phone: string,
  onInstance = instanceId,
): Promise<{ intentId: string; jobId: string }> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "hi" } },
  });
  const intentId = created.json().id;
  const res = await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId: onInstance },
  });
  expect(res.statusCode).toBe(200);
  return { intentId, jobId: res.json().job.id };
}

async function post(url: string, payload: Record<string, unknown> = {}) {
  return h.request({ method: "POST", url, payload });
}

async function unconfirmed(phone: string) {
  h.sim.setFaults({ hangRate: 1 });
  const ids = await approved(phone);
  await h.step();
  h.sim.resetFaults();
  expect((await h.details(ids.intentId)).job.status).toBe("UNCONFIRMED");
  return ids;
}

async function sleep(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe("operator actions", () => {
  it("confirms an UNCONFIRMED job: job and intent SENT, with who and why on the timeline", async () => {
    const { intentId, jobId } = await unconfirmed("5511966660001");
    const res = await post(`/v1/jobs/${jobId}/confirm`, {
      actor: "ana",
      reason: "lead replied",
      providerMessageId: "3EB0ABC",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "SENT", providerMessageId: "3EB0ABC" });
    const body = await h.details(intentId);
    expect(body.status).toBe("SENT");
    expect(body.timeline.slice(-2)).toMatchObject([
      { type: "ExecutionJobConfirmed", actor: "ana", data: { reason: "lead replied" } },
      { type: "MessageSent", actor: "ana", data: { providerMessageId: "3EB0ABC" } },
    ]);

    const again = await post(`/v1/jobs/${jobId}/confirm`, { actor: "ana", reason: "twice" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("is SENT; only UNCONFIRMED jobs can be confirmed");
  });

  it("resends an UNCONFIRMED job: RETRY due now, then sent on the next pass", async () => {
    const { intentId, jobId } = await unconfirmed("5511966660002");
    const res = await post(`/v1/jobs/${jobId}/resend`, { actor: "bob", reason: "not on the phone" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "RETRY", attempts: 1 });
    await h.step();
    const body = await h.details(intentId);
    expect(body).toMatchObject({ status: "SENT", job: { status: "SENT", attempts: 2 } });
    expect(body.timeline).toContainEqual(
      expect.objectContaining({
        type: "ExecutionJobResent",
        actor: "bob",
        data: expect.objectContaining({ reason: "not on the phone" }),
      }),
    );
    expect((await post(`/v1/jobs/${jobId}/resend`, {})).statusCode).toBe(409);
  });

  it("cancels a waiting job: CANCELLED, intent DROPPED, never sent; a finished job cannot be cancelled", async () => {
    await post(`/v1/instances/${instanceId}/pause`, { actor: "ana", reason: "hold" });
    const { intentId, jobId } = await approved("5511966660003");
    const res = await post(`/v1/jobs/${jobId}/cancel`, { actor: "ana", reason: "lead opted out" });
    await post(`/v1/instances/${instanceId}/resume`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("CANCELLED");
    await h.step();
    const body = await h.details(intentId);
    expect(body).toMatchObject({ status: "DROPPED", job: { status: "CANCELLED", attempts: 0 } });
    expect(body.timeline.slice(-2)).toMatchObject([
      { type: "ExecutionJobCancelled", actor: "ana", data: { reason: "lead opted out" } },
      { type: "MessageIntentDropped", actor: "ana" },
    ]);
    expect(h.sim.sends).toHaveLength(0);

    const conflict = await post(`/v1/jobs/${jobId}/cancel`, {});
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.message).toContain("only PENDING or RETRY jobs can be cancelled");
    expect((await post("/v1/jobs/00000000-0000-4000-8000-000000000000/cancel", {})).statusCode).toBe(404);
  });

  it("drops a PENDING intent: DROPPED with who and why, no job, never sent; 409 once it is not PENDING", async () => {
    const created = await post("/v1/intents", {
      target: { kind: "PHONE", value: "5511966660004" },
      type: "TEXT",
      payload: { text: "hi" },
    });
    const intentId = created.json().id;
    const res = await post(`/v1/intents/${intentId}/drop`, { actor: "ana", reason: "duplicate lead" });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("DROPPED");
    await h.step();
    const body = await h.details(intentId);
    expect(body).toMatchObject({ status: "DROPPED", job: null });
    expect(body.timeline.at(-1)).toMatchObject({
      type: "MessageIntentDropped",
      actor: "ana",
      data: { reason: "duplicate lead" },
    });
    expect(h.sim.sends).toHaveLength(0);

    const again = await post(`/v1/intents/${intentId}/drop`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "INTENT_NOT_DROPPABLE" });
    const { intentId: approvedId } = await approved("5511966660005");
    const notPending = await post(`/v1/intents/${approvedId}/drop`, {});
    expect(notPending.statusCode).toBe(409);
    expect(notPending.json().error.message).toContain("is APPROVED");
    expect((await post("/v1/intents/00000000-0000-4000-8000-000000000000/drop", {})).statusCode).toBe(404);
  });

  it("bulk-retries the FAILED jobs of a selection in one go", async () => {
    const failed = [];
    for (const [phone, on] of [
      ["12345", instanceId],
      ["12346", instanceId],
      ["12347", otherInstanceId],
    ] as const) {
      const intent = await h.executor.http.createIntent.execute({
        organizationId: "default",
        target: { kind: "PHONE", value: phone },
        purpose: "DISPATCH",
        content: { type: "TEXT", payload: { text: "x" } },
      });
      await h.executor.http.approveIntent.execute({
        organizationId: "default",
        intentId: intent.id,
        instanceId: on,
        actor: "t",
      });
      failed.push(intent.id);
    }
    await h.step();
    for (const id of failed) expect((await h.details(id)).job.status).toBe("FAILED");

    const res = await post("/v1/jobs/bulk-retry", {
      status: "FAILED",
      instanceId,
      createdFrom: new Date(Date.now() - 60_000).toISOString(),
      actor: "ana",
      reason: "number list fixed",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ retried: 2 });
    const [first, second, third] = await Promise.all(failed.map((id) => h.details(id)));
    expect([first.status, second.status, third.status]).toEqual(["APPROVED", "APPROVED", "FAILED"]);
    expect(first.job.status).toBe("RETRY");
    expect(first.timeline.at(-1)).toMatchObject({ type: "ExecutionJobRequeued", actor: "ana" });

    const wrong = await post("/v1/jobs/bulk-retry", { status: "SENT", actor: "ana", reason: "" });
    expect(wrong.statusCode).toBe(400);
  });
});

describe("retries while a number is down", () => {
  it("refuses a retry and a bulk retry through a disconnected number, and spends nothing", async () => {
    // Too short a number: the gateway refuses it for good, so the job ends FAILED at once.
    const intent = await h.executor.http.createIntent.execute({
      organizationId: "default",
      target: { kind: "PHONE", value: "12348" },
      purpose: "DISPATCH",
      content: { type: "TEXT", payload: { text: "x" } },
    });
    const { job } = await h.executor.http.approveIntent.execute({
      organizationId: "default",
      intentId: intent.id,
      instanceId: otherInstanceId,
      actor: "t",
    });
    const intentId = intent.id;
    const jobId = job.id;
    await h.step();
    const failed = (await h.details(intentId)).job;
    expect(failed.status).toBe("FAILED");
    const setStatus = (status: "connected" | "disconnected") =>
      h.persistence.repos.instances.updateStatus(otherInstanceId, status, null, new Date());

    await setStatus("disconnected");
    try {
      const single = await post(`/v1/jobs/${jobId}/retry`, { actor: "ana", reason: "try again" });
      expect(single.statusCode).toBe(409);
      expect(single.json().error).toMatchObject({ code: "INSTANCE_NOT_CONNECTED" });
      expect(single.json().error.message).toContain('"ops-2" is disconnected');
      const bulk = await post("/v1/jobs/bulk-retry", { status: "FAILED", actor: "ana", reason: "all" });
      expect(bulk.statusCode).toBe(409);
      expect(bulk.json().error).toMatchObject({ code: "INSTANCE_NOT_CONNECTED" });
      expect((await h.details(intentId)).job).toMatchObject({ status: "FAILED", attempts: failed.attempts });
    } finally {
      await setStatus("connected");
    }
    const retried = await post(`/v1/jobs/${jobId}/retry`, { actor: "ana", reason: "number back" });
    expect(retried.statusCode).toBe(200);
  });
});

describe("pause and resume", () => {
  it("a job paused longer than its whole retry schedule spends no attempt, then goes out on resume", async () => {
    h.sim.setFaults({ error500Rate: 1 });
    const paused = await post(`/v1/instances/${instanceId}/pause`, {
      actor: "ana",
      reason: "number warming",
    });
    expect(paused.json()).toMatchObject({ id: instanceId, paused: true });
    const listed = (await h.request({ method: "GET", url: "/v1/instances" })).json();
    expect(listed.items.find((i: { id: string }) => i.id === instanceId).paused).toBe(true);
    const { intentId } = await approved("5511966660004");
    // The test settings retry for at most 5 attempts 20-100 ms apart: well under a second in all.
    const POLLS_WHILE_PAUSED = 12;
    for (let i = 0; i < POLLS_WHILE_PAUSED; i += 1) {
      await h.step();
      await sleep(100);
    }
    const whilePaused = (await h.details(intentId)).job;
    const acceptedSendsWhilePaused = h.sim.sends.length;
    expect(whilePaused).toMatchObject({ status: "PENDING", attempts: 0 });

    h.sim.resetFaults();
    expect((await post(`/v1/instances/${instanceId}/resume`, {})).json().paused).toBe(false);
    await h.step();
    const resumed = await h.details(intentId);
    printFigures({
      scenario: "pause-longer-than-retries",
      gatewayFailing: "500 on every send",
      maxAttempts: testSettings().MAX_ATTEMPTS,
      retryMaxDelayMs: testSettings().RETRY_MAX_DELAY_MS,
      pausedPolls: POLLS_WHILE_PAUSED,
      pausedMs: POLLS_WHILE_PAUSED * 100,
      attemptsWhilePaused: whilePaused.attempts,
      statusWhilePaused: whilePaused.status,
      acceptedSendsWhilePaused,
      afterResume: { status: resumed.job.status, attempts: resumed.job.attempts },
    });
    expect(resumed).toMatchObject({ status: "SENT", job: { status: "SENT", attempts: 1 } });
  });

  it("pausing the organization holds every instance's jobs until it resumes", async () => {
    const res = await post("/v1/organization/pause", { actor: "ops", reason: "incident 42" });
    expect(res.json()).toMatchObject({ paused: true, pause: { actor: "ops", reason: "incident 42" } });
    expect((await h.request({ method: "GET", url: "/v1/instances" })).json().organizationPaused).toBe(true);
    const a = await approved("5511966660005");
    const b = await approved("5511966660006", otherInstanceId);
    await h.step();
    expect((await h.details(a.intentId)).job.status).toBe("PENDING");
    expect((await h.details(b.intentId)).job.status).toBe("PENDING");

    expect((await post("/v1/organization/resume", {})).json()).toMatchObject({ paused: false, pause: null });
    await eventually(async () => {
      await h.step();
      const statuses = [(await h.details(a.intentId)).status, (await h.details(b.intentId)).status];
      return statuses.every((s) => s === "SENT") ? true : undefined;
    });
  });
});
