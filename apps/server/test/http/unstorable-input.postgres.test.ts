import { sql } from "drizzle-orm";
import Fastify, { type InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerErrorHandling } from "../../src/infra/http/error-handler";
import { type Harness, startHarness, TEST_WEBHOOK_SECRET } from "../support/executor-harness";

let h: Harness;
let instanceId = "";
let jobId = "";

beforeAll(async () => {
  h = await startHarness({ database: "postgres" });
  instanceId = (
    await h.request({ method: "POST", url: "/v1/instances", payload: { name: "hostile-0" } })
  ).json().id;
  const intent = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: "5511999990000" }, type: "TEXT", payload: { text: "hi" } },
  });
  jobId = (
    await h.request({
      method: "POST",
      url: `/v1/intents/${intent.json().id}/approve`,
      payload: { instanceId },
    })
  ).json().job.id;
});
afterAll(() => h.close());

const NUL = "a\u0000b";
const LONE_SURROGATE = "a\ud800b";
const CONTROL = "a\u001bb";

/** A request carrying `bad` in one field, and that field's path in the error. */
const CARRIERS: [string, (bad: string) => InjectOptions][] = [
  [
    "body.payload.text",
    (bad) => ({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511999990001" }, type: "TEXT", payload: { text: bad } },
    }),
  ],
  [
    "body.payload.caption",
    (bad) => ({
      method: "POST",
      url: "/v1/intents",
      payload: {
        target: { kind: "PHONE", value: "5511999990001" },
        type: "MEDIA",
        payload: { mediaUrl: "https://example.test/a.jpg", mimeType: "image/jpeg", caption: bad },
      },
    }),
  ],
  [
    "body.actor",
    (bad) => ({ method: "POST", url: `/v1/jobs/${jobId}/cancel`, payload: { actor: bad, reason: "r" } }),
  ],
  [
    "body.reason",
    (bad) => ({
      method: "POST",
      url: `/v1/instances/${instanceId}/pause`,
      payload: { actor: "a", reason: bad },
    }),
  ],
  [
    "body.url",
    (bad) => ({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: `https://example.test/${bad}`, events: ["MessageSent"] },
    }),
  ],
  ["querystring.q", (bad) => ({ method: "GET", url: `/v1/intents?q=${encodeURIComponent(bad)}` })],
  ["querystring.q", (bad) => ({ method: "GET", url: `/v1/jobs?q=${encodeURIComponent(bad)}` })],
  [
    "body.data.to",
    (bad) => ({
      method: "POST",
      url: "/v1/webhooks/turbozap",
      headers: { "x-webhook-secret": TEST_WEBHOOK_SECRET },
      payload: { event: "send.message", instance: "hostile-0", data: { message_id: "m-1", to: bad } },
    }),
  ],
];

describe("input PostgreSQL cannot store is a 400 naming the field, never a 500", () => {
  for (const [name, bad] of [
    ["a NUL", NUL],
    ["a lone surrogate", LONE_SURROGATE],
    ["a control character", CONTROL],
  ] as const) {
    // A URL carries UTF-8, which has no lone surrogates: only bodies can hold one.
    const carriers = bad === LONE_SURROGATE ? CARRIERS.filter(([path]) => path.startsWith("body")) : CARRIERS;
    it.each(carriers)(`${name} in %s`, async (path, request) => {
      const res = await h.request(request(bad));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_ERROR");
      expect(res.json().error.message).toContain(path);
    });
  }

  it("reads a surrogate's would-be UTF-8 bytes in a URL as a replacement character: harmless", async () => {
    const res = await h.request({ method: "GET", url: "/v1/intents?q=a%ED%A0%80b" });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("keeps tabs, line breaks and emoji in a text", async () => {
    const res = await h.request(CARRIERS[0]?.[1]("linha 1\n\tlinha 2\r\n💥") ?? { method: "GET", url: "/" });
    expect(res.statusCode, res.body).toBe(201);
  });

  it.each([
    ["year 0", "0000-06-01T00:00:00Z"],
    ["year 10000, reached through an offset", "9999-12-31T23:00:00-05:00"],
  ])("a %s date in a list filter or a bulk retry", async (_name, date) => {
    for (const field of ["createdFrom", "createdTo"]) {
      for (const url of ["/v1/intents", "/v1/jobs"]) {
        const res = await h.request({ method: "GET", url: `${url}?${field}=${encodeURIComponent(date)}` });
        expect(res.statusCode, `${url} ${res.body}`).toBe(400);
        expect(res.json().error.message).toContain(`querystring.${field}`);
      }
      const bulk = await h.request({
        method: "POST",
        url: "/v1/jobs/bulk-retry",
        payload: { status: "FAILED", actor: "a", reason: "r", [field]: date },
      });
      expect(bulk.statusCode, bulk.body).toBe(400);
      expect(bulk.json().error.message).toContain(`body.${field}`);
    }
  });

  it("a malformed createdFrom beside a valid createdTo in a bulk retry (found by the fuzz test)", async () => {
    const bulk = await h.request({
      method: "POST",
      url: "/v1/jobs/bulk-retry",
      payload: {
        status: "FAILED",
        actor: "a",
        reason: "r",
        createdFrom: "+275760-09-13T00:00:00.000Z",
        createdTo: "2026-01-01T00:00:00Z",
      },
    });
    expect(bulk.statusCode, bulk.body).toBe(400);
    expect(bulk.json().error.message).toContain("body.createdFrom");
  });

  it("a 50,000-deep data object in a gateway webhook", async () => {
    const deep = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;
    const res = await h.request({
      method: "POST",
      url: "/v1/webhooks/turbozap",
      headers: { "x-webhook-secret": TEST_WEBHOOK_SECRET, "content-type": "application/json" },
      payload: `{"event":"send.message","instance":"hostile-0","data":${deep}}`,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain("nested deeper than");
  });
});

describe("the net under the schemas", () => {
  it("maps PostgreSQL's data exceptions (class 22) and a stack overflow to 400", async () => {
    const dataException = await h.database.db.execute(sql`select 'x'::int`).catch((error: unknown) => error);
    let overflow: unknown;
    const recurse = (n: number): number => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (error) {
      overflow = error;
    }
    const app = Fastify();
    registerErrorHandling(app);
    app.get("/data", async () => {
      throw dataException;
    });
    app.get("/deep", async () => {
      throw overflow;
    });
    const data = await app.inject({ method: "GET", url: "/data" });
    expect(data.statusCode).toBe(400);
    expect(data.json().error).toMatchObject({ code: "VALIDATION_ERROR" });
    expect(data.json().error.message).toContain("22P02");
    const deep = await app.inject({ method: "GET", url: "/deep" });
    expect(deep.statusCode).toBe(400);
    await app.close();
  });
});
