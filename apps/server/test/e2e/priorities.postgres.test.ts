import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "postgres" });
});
afterAll(() => h.close());

const LEAD = "5511990000001";
const OTHER_LEAD = "5511990000002";

function text(to: string, body: string, priority?: string) {
  return { target: { kind: "PHONE", value: to }, type: "TEXT", payload: { text: body }, priority };
}

async function approveBatch(instanceId: string, items: unknown[]): Promise<void> {
  const response = await h.request({
    method: "POST",
    url: "/v1/intents:batch",
    payload: { instanceId, items },
  });
  expect(response.statusCode, response.body).toBe(201);
}

/** The simulator's accepted texts of one instance, in the order it accepted them. */
function sentTexts(instance: string): string[] {
  return h.sim.sends
    .filter((send) => send.instance === instance)
    .sort((a, b) => a.seq - b.seq)
    .map((send) => String(send.body.text));
}

/** Runs one worker, one send at a time, until the instance has `count` sends at the simulator. */
async function sendUntil(instance: string, count: number, perInstanceConcurrency: number): Promise<string[]> {
  const { worker } = h.spawnExecutor(`prio-${instance}`, {
    WORKER_CONCURRENCY: 1,
    WORKER_POLL_INTERVAL_MS: 10,
    PER_INSTANCE_CONCURRENCY: perInstanceConcurrency,
  });
  worker.start();
  try {
    await eventually(async () => (sentTexts(instance).length >= count ? true : undefined), 50_000);
  } finally {
    await worker.stop(5_000);
  }
  return sentTexts(instance);
}

/** Approves, on a new instance, a LOW, then the lead's NORMAL and `waiting - 1` others, then two HIGH. */
async function approveBacklog(name: string, waiting: number): Promise<void> {
  const instance = await h.executor.http.registerInstance.execute({ organizationId: "default", name });
  await approveBatch(instance.id, [text("5511900000000", "low", "LOW")]);
  const normals = Array.from({ length: waiting - 1 }, (_, i) =>
    text(`55118${String(i).padStart(8, "0")}`, `normal ${i}`),
  );
  await approveBatch(instance.id, [text(LEAD, "lead normal"), ...normals]);
  await approveBatch(instance.id, [text(LEAD, "lead high", "HIGH"), text(OTHER_LEAD, "other high", "HIGH")]);
}

it("under a per-instance limit, sends a HIGH intent created behind 500 waiting NORMAL ones next; a lead's HIGH waits only for its earlier message", async () => {
  await approveBacklog("prio-limited", 500);
  const sent = await sendUntil("prio-limited", 3, 1);
  expect(sent.slice(0, 3)).toEqual(["other high", "lead normal", "lead high"]);
}, 60_000);

it("without a per-instance limit, sends HIGH first, LOW last, and a lead's messages in approval order", async () => {
  await approveBacklog("prio-open", 100);
  const sent = await sendUntil("prio-open", 103, 0);
  expect(sent.slice(0, 2)).toEqual(["other high", "lead normal"]);
  // The lead's HIGH is claimable once its earlier message's outcome is committed: a few sends later at most.
  expect(sent.indexOf("lead high")).toBeGreaterThan(1);
  expect(sent.indexOf("lead high")).toBeLessThan(10);
  expect(new Set(sent.filter((t) => t.startsWith("normal "))).size).toBe(99);
  expect(sent.at(-1)).toBe("low");
  expect(sent).toHaveLength(103);
}, 60_000);

it("shows the priority, defaults it by purpose, filters by it, and refuses an unknown one with a 400", async () => {
  const create = (body: object) => h.request({ method: "POST", url: "/v1/intents", payload: body });
  const warmup = await create({ ...text(LEAD, "warm"), purpose: "WARMUP" });
  expect(warmup.json()).toMatchObject({ purpose: "WARMUP", priority: "LOW" });
  const dispatch = await create(text(LEAD, "plain"));
  expect(dispatch.json()).toMatchObject({ priority: "NORMAL" });
  const high = await create(text(LEAD, "urgent", "HIGH"));
  expect(high.json()).toMatchObject({ priority: "HIGH" });

  const listed = await h.request({ method: "GET", url: "/v1/intents?priority=HIGH" });
  const ids = (listed.json() as { items: { id: string; priority: string }[] }).items.map((item) => item.id);
  expect(ids).toContain(high.json().id);
  expect(ids).not.toContain(dispatch.json().id);

  const bad = await create(text(LEAD, "x", "URGENT"));
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.message).toMatch(/priority/);
});
