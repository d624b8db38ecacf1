import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/timeline/domain-event";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  // Tests share one instance and step the worker by hand; a leftover retry must not take the only slot.
  h = await startHarness({ database: "postgres", settings: { maxAttempts: 3, perInstanceConcurrency: 0 } });
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "sales-1" } });
  expect(res.statusCode).toBe(201);
  instanceId = res.json().id;
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clear();
  h.sim.resetFaults();
});

async function createIntent(phone: string, text = "Olá") {
  const res = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text } },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function approve(intentId: string) {
  const res = await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function details(intentId: string) {
  return (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json();
}

/** Sends the simulator accepted for one number: other tests' leftover retries may also be running. */
function sendsTo(digits: string) {
  return h.sim.sends.filter((s) => s.to === `${digits}@s.whatsapp.net`);
}

/** Steps the worker by hand: one claim pass, then wait for the sends it started. */
async function step() {
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
}

describe("executor on PostgreSQL through the TurboZap simulator", () => {
  it("sends an approved intent once, marks job and intent SENT with the gateway's id, and publishes MessageSent", async () => {
    const published: DomainEvent[] = [];
    const unsubscribe = h.executor.bus.subscribe((e) => published.push(e));
    const intentId = await createIntent("+55 11 99999-1001");
    const approved = await approve(intentId);
    expect(approved).toMatchObject({ status: "APPROVED", job: { status: "PENDING", attempts: 0 } });
    await step();
    unsubscribe();

    const body = await details(intentId);
    expect(body.status).toBe("SENT");
    expect(body.sentAt).not.toBeNull();
    expect(body.job).toMatchObject({ status: "SENT", attempts: 1, lastError: null });
    expect(body.job.providerMessageId).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(sendsTo("5511999991001")).toHaveLength(1);
    expect(sendsTo("5511999991001")[0]).toMatchObject({
      messageId: body.job.providerMessageId,
      to: "5511999991001@s.whatsapp.net",
    });
    expect(body.timeline.map((t: { type: string }) => t.type)).toEqual([
      "MessageIntentCreated",
      "MessageIntentApproved",
      "ExecutionJobCreated",
      "MessageSent",
    ]);
    const sent = published.find((e) => e.type === "MessageSent");
    expect(sent).toMatchObject({
      intentId,
      jobId: body.job.id,
      instanceId,
      provider: "turbozap",
      attempt: 1,
    });
  });

  it("creates exactly one job when 20 approvals of the same intent race", async () => {
    const intentId = await createIntent("+55 11 99999-1002");
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.request({ method: "POST", url: `/v1/intents/${intentId}/approve`, payload: { instanceId } }),
      ),
    );
    const approved = responses.filter((r) => r.statusCode === 200);
    expect(approved).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const job = await h.persistence.repos.jobs.findByIntentId(intentId);
    expect(approved[0]?.json().job.id).toBe(job?.id);
    const timeline = await h.persistence.repos.timeline.listForIntent(intentId);
    expect(timeline.filter((t) => t.event.type === "ExecutionJobCreated")).toHaveLength(1);
  });

  it("turns a gateway 500 into RETRY with attempts and lastError, never SENT", async () => {
    h.sim.setFaults({ error500Rate: 1 });
    const intentId = await createIntent("+55 11 99999-1004");
    await approve(intentId);
    await step();
    const body = await details(intentId);
    expect(body.status).toBe("APPROVED");
    expect(body.job).toMatchObject({
      status: "RETRY",
      attempts: 1,
      executedAt: null,
      providerMessageId: null,
    });
    expect(body.job.lastError).toEqual({ code: "PROVIDER_SEND_FAILED", message: expect.any(String) });
    expect(new Date(body.job.nextAttemptAt).getTime()).toBeGreaterThan(
      new Date(body.job.updatedAt).getTime(),
    );
    expect(sendsTo("5511999991004")).toHaveLength(0);
    const failed = body.timeline.find((t: { type: string }) => t.type === "MessageFailed");
    expect(failed.data).toMatchObject({
      attempt: 1,
      willRetry: true,
      error: { code: "PROVIDER_SEND_FAILED" },
    });
  });

  it("fails for good after MAX_ATTEMPTS retryable errors: job and intent FAILED", async () => {
    h.sim.setFaults({ error500Rate: 1 });
    const intentId = await createIntent("+55 11 99999-1005");
    await approve(intentId);
    const body = await eventually(async () => {
      await step();
      const b = await details(intentId);
      return b.job.status === "FAILED" ? b : undefined;
    });
    expect(body.status).toBe("FAILED");
    expect(body.failedAt).not.toBeNull();
    expect(body.job).toMatchObject({
      attempts: 3,
      executedAt: null,
      lastError: { code: "PROVIDER_SEND_FAILED" },
    });
    const failures = body.timeline.filter((t: { type: string }) => t.type === "MessageFailed");
    expect(failures.map((f: { data: { willRetry: boolean } }) => f.data.willRetry)).toEqual([
      true,
      true,
      false,
    ]);
    expect(sendsTo("5511999991005")).toHaveLength(0);
  });

  it("fails an invalid recipient at once (permanent), job and intent FAILED", async () => {
    // The API refuses such a number at the edge; a use case caller (or a gateway stricter than us) may not.
    const intent = await h.executor.http.createIntent.execute({
      organizationId: "default",
      target: { kind: "PHONE", value: "12345" },
      purpose: "DISPATCH",
      content: { type: "TEXT", payload: { text: "x" } },
    });
    await approve(intent.id);
    await step();
    const body = await details(intent.id);
    expect(body.status).toBe("FAILED");
    expect(body.job).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: { code: "INVALID_RECIPIENT" },
    });
    expect(sendsTo("12345")).toHaveLength(0);
  });

  it("marks a send whose answer never came UNCONFIRMED and does not send it again", async () => {
    h.sim.setFaults({ hangRate: 1 });
    const intentId = await createIntent("+55 11 99999-1006");
    await approve(intentId);
    await step();
    h.sim.resetFaults();
    await step();
    const body = await details(intentId);
    expect(body.job).toMatchObject({ status: "UNCONFIRMED", attempts: 1, lastError: { code: "TIMEOUT" } });
    expect(body.status).toBe("APPROVED");
    expect(sendsTo("5511999991006")).toHaveLength(1);
  });

  it("lets an operator retry a FAILED job, which then goes out", async () => {
    h.sim.setFaults({ error500Rate: 1 });
    const intentId = await createIntent("+55 11 99999-1007");
    const { job } = await approve(intentId);
    await eventually(async () => {
      await step();
      return (await details(intentId)).job.status === "FAILED" ? true : undefined;
    });
    h.sim.resetFaults();
    const retried = await h.request({
      method: "POST",
      url: `/v1/jobs/${job.id}/retry`,
      payload: { actor: "ana", reason: "gateway fixed" },
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: "RETRY", attempts: 3 });
    await step();
    const body = await details(intentId);
    expect(body).toMatchObject({ status: "SENT", job: { status: "SENT", attempts: 4 } });
    const requeued = body.timeline.find((t: { type: string }) => t.type === "ExecutionJobRequeued");
    expect(requeued).toMatchObject({ actor: "ana", data: { reason: "gateway fixed" } });
    expect(sendsTo("5511999991007")).toHaveLength(1);
  });

  it("the built-in gate approves on a connected instance, and blocks when none is", async () => {
    const intentId = await createIntent("+55 11 99999-1008");
    const decided = await h.request({
      method: "POST",
      url: `/v1/intents/${intentId}/decide`,
      payload: {},
    });
    expect(decided.json()).toMatchObject({ status: "APPROVED", decidedByInstanceId: instanceId });

    h.sim.setConnected("sales-1", false);
    await h.persistence.repos.instances.updateStatus(instanceId, "disconnected", null, new Date());
    const other = await createIntent("+55 11 99999-1009");
    const blocked = await h.request({ method: "POST", url: `/v1/intents/${other}/decide`, payload: {} });
    expect(blocked.json()).toMatchObject({
      status: "BLOCKED",
      blockedReason: "NO_ELIGIBLE_INSTANCE",
      job: null,
    });
    await h.persistence.repos.instances.updateStatus(instanceId, "connected", null, new Date());
    h.sim.setConnected("sales-1", true);
  });
});
