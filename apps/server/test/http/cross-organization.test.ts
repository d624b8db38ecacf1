import { sql } from "drizzle-orm";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestOrganization } from "../support/executor-harness";
import { routesOf } from "../support/routes-of";
import { connectEvents } from "../support/sse-client";

let h: Harness;
let b: TestOrganization;
/** Organization A's rows (A is the harness's own organization). */
const a = { instance: "", pending: "", approved: "", job: "", failedJob: "", webhook: "", apiKey: "" };
/** Organization B's own rows, which B may use while reaching for A's. */
const own = { instance: "", pending: "", webhook: "", apiKey: "" };

const text = (phone: string) => ({
  target: { kind: "PHONE", value: phone },
  type: "TEXT",
  payload: { text: "hi" },
});

const hook = { url: "https://example.test/hook", events: ["MessageIntentBlocked"] };

async function created(request: Promise<{ statusCode: number; json(): { id: string } }>): Promise<string> {
  const res = await request;
  if (res.statusCode >= 300) throw new Error(`setup failed: ${res.statusCode} ${JSON.stringify(res.json())}`);
  return res.json().id;
}

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  b = await h.createOrganization("org-b");
  a.instance = await created(
    h.request({ method: "POST", url: "/v1/instances", payload: { name: "a-inst" } }),
  );
  a.failedJob = await failedJobOfA();
  a.pending = await created(
    h.request({ method: "POST", url: "/v1/intents", payload: text("5511999990001") }),
  );
  a.approved = await created(
    h.request({ method: "POST", url: "/v1/intents", payload: text("5511999990002") }),
  );
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${a.approved}/approve`,
    payload: { instanceId: a.instance },
  });
  a.job = approved.json().job.id;
  a.webhook = await created(h.request({ method: "POST", url: "/v1/webhooks", payload: hook }));
  own.webhook = await created(b.request({ method: "POST", url: "/v1/webhooks", payload: hook }));
  own.instance = await created(
    b.request({ method: "POST", url: "/v1/instances", payload: { name: "b-inst" } }),
  );
  own.pending = await created(
    b.request({ method: "POST", url: "/v1/intents", payload: text("5511999990003") }),
  );
  a.apiKey = (await h.request({ method: "GET", url: "/v1/api-keys" })).json().items[0].id;
  own.apiKey = (await b.request({ method: "GET", url: "/v1/api-keys" })).json().items[0].id;
});
afterAll(() => h.close());

/** A FAILED job of A's, for bulk retries to reach for: the gateway refuses the number. */
async function failedJobOfA(): Promise<string> {
  const intent = await h.executor.http.createIntent.execute({
    organizationId: h.organization.id,
    target: { kind: "PHONE", value: "12345" },
    purpose: "DISPATCH",
    content: { type: "TEXT", payload: { text: "x" } },
  });
  const { job } = await h.executor.http.approveIntent.execute({
    organizationId: h.organization.id,
    intentId: intent.id,
    instanceId: a.instance,
    actor: "t",
  });
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
  const failed = await h.request({ method: "GET", url: `/v1/jobs/${job.id}` });
  if (failed.json().status !== "FAILED") throw new Error(`setup failed: ${failed.body}`);
  return job.id;
}

/** Everything organization A can see, as A sees it. */
async function stateOfA() {
  const get = async (url: string) => (await h.request({ method: "GET", url })).json();
  return {
    intents: await get("/v1/intents"),
    jobs: await get("/v1/jobs"),
    instances: await get("/v1/instances"),
    pending: await get(`/v1/intents/${a.pending}`),
    approved: await get(`/v1/intents/${a.approved}`),
    job: await get(`/v1/jobs/${a.job}`),
    failedJob: await get(`/v1/jobs/${a.failedJob}`),
    organization: await get("/v1/organization"),
    webhooks: await get("/v1/webhooks"),
    deliveries: await get(`/v1/webhooks/${a.webhook}/deliveries`),
    apiKeys: await get("/v1/api-keys"),
  };
}

/** Every /v1 route that names a row, called by B with A's ids: the answer of a missing row. */
const writesAndReads: [string, () => InjectOptions, string][] = [
  ["GET /v1/intents/:id", () => ({ method: "GET", url: `/v1/intents/${a.pending}` }), "INTENT_NOT_FOUND"],
  [
    "POST /v1/intents/:id/approve (A's intent, B's instance)",
    () => ({
      method: "POST",
      url: `/v1/intents/${a.pending}/approve`,
      payload: { instanceId: own.instance },
    }),
    "INTENT_NOT_FOUND",
  ],
  [
    "POST /v1/intents/:id/approve (B's intent, A's instance)",
    () => ({
      method: "POST",
      url: `/v1/intents/${own.pending}/approve`,
      payload: { instanceId: a.instance },
    }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "POST /v1/intents/:id/decide (A's intent)",
    () => ({ method: "POST", url: `/v1/intents/${a.pending}/decide`, payload: {} }),
    "INTENT_NOT_FOUND",
  ],
  [
    "POST /v1/intents/:id/decide (B's intent, A's instance)",
    () => ({ method: "POST", url: `/v1/intents/${own.pending}/decide`, payload: { instanceId: a.instance } }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "POST /v1/intents/:id/drop",
    () => ({ method: "POST", url: `/v1/intents/${a.pending}/drop`, payload: { reason: "x" } }),
    "INTENT_NOT_FOUND",
  ],
  [
    "POST /v1/api-keys/:id/revoke",
    () => ({ method: "POST", url: `/v1/api-keys/${a.apiKey}/revoke`, payload: {} }),
    "API_KEY_NOT_FOUND",
  ],
  ["GET /v1/jobs/:id", () => ({ method: "GET", url: `/v1/jobs/${a.job}` }), "JOB_NOT_FOUND"],
  [
    "POST /v1/jobs/:id/retry",
    () => ({ method: "POST", url: `/v1/jobs/${a.job}/retry`, payload: { reason: "x" } }),
    "JOB_NOT_FOUND",
  ],
  ...(["confirm", "resend", "cancel"] as const).map((action): [string, () => InjectOptions, string] => [
    `POST /v1/jobs/:id/${action}`,
    () => ({ method: "POST", url: `/v1/jobs/${a.job}/${action}`, payload: { actor: "b", reason: "x" } }),
    "JOB_NOT_FOUND",
  ]),
  [
    "GET /v1/instances/:id",
    () => ({ method: "GET", url: `/v1/instances/${a.instance}` }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "PATCH /v1/instances/:id",
    () => ({ method: "PATCH", url: `/v1/instances/${a.instance}`, payload: { pacing: null } }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "DELETE /v1/instances/:id",
    () => ({ method: "DELETE", url: `/v1/instances/${a.instance}` }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "GET /v1/instances/:id/qr",
    () => ({ method: "GET", url: `/v1/instances/${a.instance}/qr` }),
    "INSTANCE_NOT_FOUND",
  ],
  ...(["pause", "resume", "reconnect"] as const).map((action): [string, () => InjectOptions, string] => [
    `POST /v1/instances/:id/${action}`,
    () => ({
      method: "POST",
      url: `/v1/instances/${a.instance}/${action}`,
      payload: { actor: "b", reason: "x" },
    }),
    "INSTANCE_NOT_FOUND",
  ]),
  [
    "POST /v1/intents:batch (approved on A's instance)",
    () => ({
      method: "POST",
      url: "/v1/intents:batch",
      payload: { instanceId: a.instance, items: [text("5511999990004")] },
    }),
    "INSTANCE_NOT_FOUND",
  ],
  [
    "DELETE /v1/webhooks/:id",
    () => ({ method: "DELETE", url: `/v1/webhooks/${a.webhook}` }),
    "WEBHOOK_NOT_FOUND",
  ],
  [
    "GET /v1/webhooks/:id/deliveries",
    () => ({ method: "GET", url: `/v1/webhooks/${a.webhook}/deliveries` }),
    "WEBHOOK_NOT_FOUND",
  ],
  [
    "POST /v1/webhooks/:id/rotate-secret",
    () => ({ method: "POST", url: `/v1/webhooks/${a.webhook}/rotate-secret`, payload: {} }),
    "WEBHOOK_NOT_FOUND",
  ],
];

const operator = { actor: "b", reason: "x" };

/** Every /v1 route that acts on the caller's whole organization: called by B, it answers for B alone. */
const organizationWide: [string, () => InjectOptions, () => Record<string, unknown>][] = [
  [
    "GET /v1/stats/overview",
    () => ({ method: "GET", url: "/v1/stats/overview" }),
    // A has a FAILED job and an instance; B has neither.
    () => ({
      jobs: expect.objectContaining({ FAILED: 0 }),
      failuresByCode: [],
      lanes: expect.not.arrayContaining([expect.objectContaining({ instanceId: a.instance })]),
    }),
  ],
  [
    "GET /v1/organization",
    () => ({ method: "GET", url: "/v1/organization" }),
    () => ({ organizationId: b.id, paused: false }),
  ],
  [
    "POST /v1/organization/pause",
    () => ({ method: "POST", url: "/v1/organization/pause", payload: operator }),
    () => ({ organizationId: b.id, paused: true }),
  ],
  [
    "POST /v1/organization/resume",
    () => ({ method: "POST", url: "/v1/organization/resume", payload: operator }),
    () => ({ organizationId: b.id, paused: false }),
  ],
  [
    "POST /v1/jobs/bulk-retry",
    () => ({ method: "POST", url: "/v1/jobs/bulk-retry", payload: { ...operator, status: "FAILED" } }),
    () => ({ retried: 0 }),
  ],
  [
    "POST /v1/jobs/bulk-retry (A's instance)",
    () => ({
      method: "POST",
      url: "/v1/jobs/bulk-retry",
      payload: { ...operator, status: "FAILED", instanceId: a.instance },
    }),
    () => ({ retried: 0 }),
  ],
];

describe("organization B never reads nor writes organization A's rows", () => {
  it.each(writesAndReads)("%s → 404 as for a missing row, and nothing changes", async (_name, call, code) => {
    const before = await stateOfA();
    const ownBefore = (await b.request({ method: "GET", url: `/v1/intents/${own.pending}` })).json();
    const res = await b.request(call());
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe(code);
    // The same answer as for an id that exists nowhere, apart from the id itself.
    const missing = "00000000-0000-4000-8000-000000000000";
    const probe = call();
    const url = String(probe.url)
      .replace(a.pending, missing)
      .replace(a.job, missing)
      .replace(a.instance, missing)
      .replace(a.webhook, missing)
      .replace(a.apiKey, missing);
    const payload = JSON.parse(JSON.stringify(probe.payload ?? null)?.replace(a.instance, missing) ?? "null");
    const forMissing = await b.request({ ...probe, url, ...(payload === null ? {} : { payload }) });
    expect(forMissing.statusCode).toBe(404);
    expect(forMissing.json().error.message.replace(missing, "<id>")).toBe(
      res.json().error.message.replace(/[0-9a-f-]{36}/, "<id>"),
    );
    expect(await stateOfA()).toEqual(before);
    expect((await b.request({ method: "GET", url: `/v1/intents/${own.pending}` })).json()).toEqual(ownBefore);
    expect(
      (await b.request({ method: "GET", url: "/v1/intents" })).json().items.map((i: { id: string }) => i.id),
    ).toEqual([own.pending]);
  });

  it.each([
    ["/v1/intents", () => [own.pending]],
    ["/v1/intents?status=PENDING", () => [own.pending]],
    ["/v1/jobs", () => []],
    [`/v1/jobs?instanceId=${"<a>"}`, () => []],
    ["/v1/instances", () => [own.instance]],
    ["/v1/webhooks", () => [own.webhook]],
    ["/v1/api-keys", () => [own.apiKey]],
  ])("GET %s lists only B's rows", async (url, expected) => {
    const res = await b.request({ method: "GET", url: url.replace("<a>", a.instance) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((item: { id: string }) => item.id)).toEqual(expected());
  });

  it("what B creates is B's: A's lists do not show it", async () => {
    const before = await stateOfA();
    await created(b.request({ method: "POST", url: "/v1/intents", payload: text("5511999990005") }));
    await created(b.request({ method: "POST", url: "/v1/instances", payload: { name: "b-inst-2" } }));
    await created(b.request({ method: "POST", url: "/v1/webhooks", payload: hook }));
    await created(b.request({ method: "POST", url: "/v1/api-keys", payload: { label: "b-2" } }));
    const batch = await b.request({
      method: "POST",
      url: "/v1/intents:batch",
      payload: { items: [text("5511999990006")] },
    });
    expect(batch.statusCode).toBe(201);
    expect(await stateOfA()).toEqual(before);
  });

  it.each(organizationWide)(
    "%s answers for B alone and leaves A as it was",
    async (_name, call, expected) => {
      const before = await stateOfA();
      const res = await b.request(call());
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject(expected());
      expect(await stateOfA()).toEqual(before);
    },
  );

  it("B's resume does not resume A's paused organization", async () => {
    const pause = { actor: "a", reason: "incident" };
    expect(
      (await h.request({ method: "POST", url: "/v1/organization/pause", payload: pause })).statusCode,
    ).toBe(200);
    const paused = await stateOfA();
    expect(paused.organization).toMatchObject({ organizationId: h.organization.id, paused: true });
    expect(
      (await b.request({ method: "POST", url: "/v1/organization/resume", payload: pause })).statusCode,
    ).toBe(200);
    expect(await stateOfA()).toEqual(paused);
    await h.request({ method: "POST", url: "/v1/organization/resume", payload: pause });
  });

  it("GET /v1/events streams B's timeline alone, and A's event ids are unknown to B", async () => {
    const timelineOf = async (organizationId: string) =>
      (
        await h.database.db.execute(
          sql`select id::text as id from timeline_event where organization_id = ${organizationId} order by timeline_event.id`,
        )
      ).rows.map((row) => String(row.id));
    const ofB = await timelineOf(b.id);
    expect(ofB.length).toBeGreaterThan(0);
    // Replayed from the very beginning, past every entry of A's.
    const stream = await connectEvents(b, { lastEventId: "0" });
    try {
      expect(stream.statusCode).toBe(200);
      await stream.waitFor(ofB.length);
      expect(stream.received.map((event) => event.id)).toEqual(ofB);
    } finally {
      stream.disconnect();
    }
    const [anEventOfA] = await timelineOf(h.organization.id);
    const refused = await b.request({
      method: "GET",
      url: "/v1/events",
      headers: { "last-event-id": anEventOfA },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("UNKNOWN_EVENT_ID");
  });

  it("these tables cover every /v1 route the API has", () => {
    const covered = new Set([
      ...writesAndReads.map(([name]) => name.split(" (")[0]),
      ...organizationWide.map(([name]) => name.split(" (")[0]),
      "GET /v1/intents",
      "GET /v1/jobs",
      "GET /v1/instances",
      "POST /v1/intents",
      "POST /v1/instances",
      "GET /v1/webhooks",
      "POST /v1/webhooks",
      "GET /v1/api-keys",
      "POST /v1/api-keys",
      "GET /v1/events",
      // Takes no key: the gateway's event names an instance (unique per provider), which has one organization.
      "POST /v1/webhooks/turbozap",
      "POST /v1/webhooks/evolution",
      "POST /v1/webhooks/wuzapi",
    ]);
    const routes = routesOf(h.app).filter((route) => route.includes(" /v1"));
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
    expect(routes.length).toBe(covered.size);
  });
});
