import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  h = await startHarness({ database: "postgres", settings: { QUEUED_INTENT_INTERVAL_MS: 100 } });
  instanceId = (await h.executor.http.registerInstance.execute({ organizationId: "default", name: "sched" }))
    .id;
});
afterAll(() => h.close());

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();

function text(to: string, body: string, extra: object = {}) {
  return { target: { kind: "PHONE", value: to }, type: "TEXT", payload: { text: body }, ...extra };
}

async function post(url: string, payload: object) {
  return h.request({ method: "POST", url, payload });
}

it("a scheduled intent's job exists at once and is not sent before its time, then is sent", async () => {
  const sendAt = inSeconds(2);
  const created = await post("/v1/intents:batch", {
    instanceId,
    items: [text("5511970000001", "later", { sendAt })],
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().items[0].id as string;
  const details = (await h.request({ method: "GET", url: `/v1/intents/${id}` })).json();
  expect(details).toMatchObject({
    status: "APPROVED",
    sendAt,
    job: { status: "PENDING", nextAttemptAt: sendAt },
  });

  const { worker } = h.spawnExecutor("sched-worker", { WORKER_POLL_INTERVAL_MS: 20 });
  worker.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.sim.sends.filter((send) => send.body.text === "later")).toEqual([]);
    const sent = await eventually(async () => h.sim.sends.find((send) => send.body.text === "later"));
    expect(sent.acceptedAt.getTime()).toBeGreaterThanOrEqual(new Date(sendAt).getTime());
  } finally {
    await worker.stop(5_000);
  }
});

it("approve and decide take sendAt; a scheduled job can be cancelled until claimed; lists filter by it", async () => {
  const later = inSeconds(3_600);
  const first = (await post("/v1/intents", text("5511970000002", "approve later"))).json();
  const approved = await post(`/v1/intents/${first.id}/approve`, { instanceId, sendAt: later });
  expect(approved.json()).toMatchObject({ sendAt: later, job: { nextAttemptAt: later } });
  const second = (await post("/v1/intents", text("5511970000003", "decide later"))).json();
  const decided = await post(`/v1/intents/${second.id}/decide`, { instanceId, sendAt: later });
  expect(decided.statusCode, decided.body).toBe(200);
  expect(decided.json()).toMatchObject({ status: "APPROVED", sendAt: later, job: { nextAttemptAt: later } });

  const listed = await h.request({
    method: "GET",
    url: `/v1/intents?sendAtFrom=${encodeURIComponent(inSeconds(3_000))}&sendAtTo=${encodeURIComponent(inSeconds(4_000))}`,
  });
  const ids = (listed.json().items as { id: string }[]).map((item) => item.id);
  expect(ids).toContain(first.id);
  expect(ids).not.toContain((await post("/v1/intents", text("5511970000004", "now"))).json().id);

  const cancelled = await post(`/v1/jobs/${approved.json().job.id}/cancel`, {
    actor: "ana",
    reason: "changed mind",
  });
  expect(cancelled.json()).toMatchObject({ status: "CANCELLED" });
});

it("decide can queue an intent, which goes back to the gate (PENDING) by itself at queueUntil", async () => {
  const intent = (await post("/v1/intents", text("5511970000005", "queued"))).json();
  const queueUntil = inSeconds(1);
  const queued = await post(`/v1/intents/${intent.id}/decide`, { queueUntil });
  expect(queued.json()).toMatchObject({ status: "QUEUED", queuedUntil: queueUntil, job: null });

  h.executor.maintenance.start();
  try {
    const back = await eventually(async () => {
      const details = (await h.request({ method: "GET", url: `/v1/intents/${intent.id}` })).json();
      return details.status === "PENDING" ? details : undefined;
    });
    expect(back.queuedUntil).toBeNull();
    const returned = back.timeline.find(
      (entry: { type: string }) => entry.type === "MessageIntentReturnedToGate",
    );
    expect(returned).toMatchObject({ actor: "system", data: { queuedUntil: queueUntil } });
    expect(new Date(returned.occurredAt).getTime()).toBeGreaterThanOrEqual(new Date(queueUntil).getTime());
  } finally {
    await h.executor.maintenance.stop();
  }
});

it("refuses a sendAt without a time zone, and queueUntil with an instance, with 400s naming the field", async () => {
  const local = await post("/v1/intents", text("5511970000006", "x", { sendAt: "2026-12-01T10:00:00" }));
  expect(local.statusCode).toBe(400);
  expect(local.json().error.message).toMatch(/sendAt/);
  const intent = (await post("/v1/intents", text("5511970000007", "y"))).json();
  const both = await post(`/v1/intents/${intent.id}/decide`, { instanceId, queueUntil: inSeconds(60) });
  expect(both.statusCode).toBe(400);
  expect(both.json().error.message).toMatch(/queueUntil/);
});
