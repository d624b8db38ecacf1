import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "postgres", poolSize: 25 });
});
afterAll(() => h.close());

const text = (phone: string, body = "hi") => ({
  target: { kind: "PHONE", value: phone },
  type: "TEXT",
  payload: { text: body },
});

async function count(table: "message_intent" | "message_execution_job" | "idempotency_key"): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    h.database.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row?.n ?? -1;
}

function create(key: string, payload: object) {
  return h.request({ method: "POST", url: "/v1/intents", headers: { "idempotency-key": key }, payload });
}

describe("POST /v1/intents with an Idempotency-Key", () => {
  it("20 identical requests racing on two API processes create one intent and get 20 identical answers", async () => {
    const other = await h.spawnApi();
    const before = await count("message_intent");
    const payload = text("5511999990001");
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? h.request : other)({
          method: "POST",
          url: "/v1/intents",
          headers: { "idempotency-key": "race-1" },
          payload,
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(await count("message_intent")).toBe(before + 1);
  });

  it("replays the first answer even after the intent moved on; the key order of the body does not matter", async () => {
    const first = await create("replay-1", text("5511999990002"));
    const instance = (
      await h.request({ method: "POST", url: "/v1/instances", payload: { name: "idem-1" } })
    ).json();
    await h.request({
      method: "POST",
      url: `/v1/intents/${first.json().id}/approve`,
      payload: { instanceId: instance.id },
    });
    const { target, type, payload } = text("5511999990002");
    const again = await create("replay-1", { payload, type, target });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.json().status).toBe("PENDING");
  });

  it("the same key with another body → 422 IDEMPOTENCY_KEY_REUSED, nothing created", async () => {
    await create("reused-1", text("5511999990003"));
    const before = await count("message_intent");
    const res = await create("reused-1", text("5511999990003", "another text"));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(res.json().error.message).toMatch(/different request body/);
    expect(await count("message_intent")).toBe(before);
  });

  it("keys are per organization", async () => {
    const mine = await create("shared-key", text("5511999990004"));
    const other = await h.createOrganization("idem-other");
    const theirs = await other.request({
      method: "POST",
      url: "/v1/intents",
      headers: { "idempotency-key": "shared-key" },
      payload: text("5511999990004"),
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it("an expired key is forgotten (and its row deleted): the request creates a new intent", async () => {
    const first = await create("expiring-1", text("5511999990005"));
    await h.database.db.execute(
      sql`update idempotency_key set expires_at = now() - interval '1 second' where key = 'expiring-1'`,
    );
    const again = await create("expiring-1", text("5511999990005", "new content"));
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
    const rows = await queryRows<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from idempotency_key where key = 'expiring-1'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it.each([
    ["too long", "k".repeat(256)],
    ["with a tab", "a\tb"],
    ["empty", ""],
  ])("an Idempotency-Key %s → 400, nothing created", async (_name, key) => {
    const before = await count("message_intent");
    const res = await create(key, text("5511999990006"));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/idempotency-key: must be 1 to 255 printable/);
    expect(await count("message_intent")).toBe(before);
  });
});

describe("POST /v1/intents:batch", () => {
  it("creates 1,000 intents approved on an instance, with their jobs, in one request", async () => {
    const instance = (
      await h.request({ method: "POST", url: "/v1/instances", payload: { name: "batch-1" } })
    ).json();
    const jobsBefore = await count("message_execution_job");
    const items = Array.from({ length: 1_000 }, (_, i) =>
      text(`55119${String(i).padStart(8, "0")}`, `n${i}`),
    );
    const res = await h.request({
      method: "POST",
      url: "/v1/intents:batch",
      payload: { instanceId: instance.id, items },
    });
    expect(res.statusCode).toBe(201);
    const results = res.json().items;
    expect(results.map((r: { index: number }) => r.index)).toEqual(items.map((_, i) => i));
    expect(new Set(results.map((r: { status: string }) => r.status))).toEqual(new Set(["APPROVED"]));
    expect(await count("message_execution_job")).toBe(jobsBefore + 1_000);
    const last = (await h.request({ method: "GET", url: `/v1/intents/${results[999].id}` })).json();
    expect(last.payload.text).toBe("n999");
    expect(last.job).toMatchObject({ status: "PENDING", instanceId: instance.id, attempts: 0 });
    expect(last.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      "MessageIntentCreated",
      "MessageIntentApproved",
      "ExecutionJobCreated",
    ]);
    // Written per table for the whole batch, the timeline still reads in item order.
    const ids: string[] = results.map((r: { id: string }) => r.id);
    const created = await queryRows<{ intent_id: string }>(
      h.database.db,
      sql`select intent_id from timeline_event where type = 'MessageIntentCreated'
          and intent_id in (select unnest(${`{${ids.join(",")}}`}::uuid[])) order by id`,
    );
    expect(created.map((row) => row.intent_id)).toEqual(ids);
  });

  it("takes bodies past the 1 MiB limit that every other route keeps (413)", async () => {
    const big = "x".repeat(8_000);
    const items = Array.from({ length: 300 }, (_, i) => text(`55118${String(i).padStart(8, "0")}`, big));
    const batch = await h.request({ method: "POST", url: "/v1/intents:batch", payload: { items } });
    expect(batch.statusCode).toBe(201);
    const single = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: text("5511999990012", "x".repeat(1_100_000)),
    });
    expect(single.statusCode).toBe(413);
    expect(single.json().error).toMatchObject({
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
      message: expect.stringMatching(/too large/),
    });
  });

  it("keeps each item's optional fields, set or left out (one array per column, nulls included)", async () => {
    const sendAt = "2030-01-02T03:04:05.678Z";
    const items = [
      { ...text("5511999990013", "later"), priority: "HIGH", sendAt, typing: true },
      text("5511999990014", "now"),
    ];
    const res = await h.request({ method: "POST", url: "/v1/intents:batch", payload: { items } });
    expect(res.statusCode).toBe(201);
    const [later, now] = await Promise.all(
      res
        .json()
        .items.map(async (item: { id: string }) =>
          (await h.request({ method: "GET", url: `/v1/intents/${item.id}` })).json(),
        ),
    );
    expect(later).toMatchObject({ priority: "HIGH", sendAt, typing: true, payload: { text: "later" } });
    expect(now).toMatchObject({ priority: "NORMAL", sendAt: null, typing: null, payload: { text: "now" } });
  });

  it("without an instance the intents stay PENDING", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/intents:batch",
      payload: { items: [text("5511999990007")] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().items).toEqual([{ index: 0, id: expect.any(String), status: "PENDING" }]);
  });

  it("one invalid item → 400 naming each invalid item, and nothing is created", async () => {
    const before = await count("message_intent");
    const items = [text("5511999990008"), text("123"), text("5511999990009"), { type: "TEXT" }];
    const res = await h.request({ method: "POST", url: "/v1/intents:batch", payload: { items } });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toMatch(
      /^2 of 4 items are invalid, nothing was created; items\[1\]: body\.target\.value/,
    );
    expect(error.details.items.map((i: { index: number }) => i.index)).toEqual([1, 3]);
    expect(error.details.items[1].error.message).toMatch(/target/);
    expect(await count("message_intent")).toBe(before);
  });

  it.each([
    ["no items", { items: [] }, /at least one/],
    ["1,001 items", { items: Array(1_001).fill(text("5511999990010")) }, /at most 1000/],
    [
      "an instance of nobody",
      { instanceId: "00000000-0000-4000-8000-000000000000", items: [text("5511999990011")] },
      /not found/,
    ],
  ])("%s → 4xx, nothing created", async (_name, payload, message) => {
    const before = await count("message_intent");
    const res = await h.request({ method: "POST", url: "/v1/intents:batch", payload });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.message).toMatch(message);
    expect(await count("message_intent")).toBe(before);
  });
});

describe("POST /v1/intents:batch with an Idempotency-Key", () => {
  const batch = (key: string, items: object[]) =>
    h.request({
      method: "POST",
      url: "/v1/intents:batch",
      headers: { "idempotency-key": key },
      payload: { items },
    });
  const items = (from: number, body = "hi") =>
    Array.from({ length: 50 }, (_, i) => text(`55117${String(from + i).padStart(8, "0")}`, body));

  it("20 identical batches racing on two API processes create one batch and get 20 identical answers", async () => {
    const other = await h.spawnApi();
    const before = await count("message_intent");
    const payload = { items: items(0) };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? h.request : other)({
          method: "POST",
          url: "/v1/intents:batch",
          headers: { "idempotency-key": "batch-race-1" },
          payload,
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses[0]?.json().items).toHaveLength(50);
    expect(await count("message_intent")).toBe(before + 50);
  });

  it("a retry gets the first answer again, whatever the key order of its body", async () => {
    const first = await batch("batch-replay-1", items(100));
    const reordered = items(100).map(({ payload, type, target }) => ({ payload, type, target }));
    const before = await count("message_intent");
    const again = await batch("batch-replay-1", reordered);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(await count("message_intent")).toBe(before);
  });

  it("the same key with another body → 422 IDEMPOTENCY_KEY_REUSED, nothing created", async () => {
    await batch("batch-reused-1", items(200));
    const before = await count("message_intent");
    const res = await batch("batch-reused-1", items(200, "another text"));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(res.json().error.message).toMatch(/different request body/);
    expect(await count("message_intent")).toBe(before);
  });

  it("an invalid batch is refused (400) and its key stays free for the corrected batch", async () => {
    const invalid = await batch("batch-fixed-1", [...items(300).slice(1), text("123")]);
    expect(invalid.statusCode).toBe(400);
    const fixed = await batch("batch-fixed-1", items(300));
    expect(fixed.statusCode).toBe(201);
    expect(fixed.json().items).toHaveLength(50);
  });
});
