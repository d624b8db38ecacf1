import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
});
afterAll(() => h.close());

const missing = "00000000-0000-4000-8000-000000000000";

describe("the API refuses bad input with a clear 4xx and writes nothing", () => {
  it.each([
    ["a missing target", { type: "TEXT", payload: { text: "x" } }, /target/],
    [
      "an unknown type",
      { target: { kind: "PHONE", value: "5511999990000" }, type: "VIDEO", payload: {} },
      /type/,
    ],
    [
      "a too short phone",
      { target: { kind: "PHONE", value: "12345" }, type: "TEXT", payload: { text: "x" } },
      /10 to 15 digits/,
    ],
    [
      "an empty text",
      { target: { kind: "PHONE", value: "5511999990000" }, type: "TEXT", payload: { text: "" } },
      /payload\.text/,
    ],
    [
      "a TEXT payload on a MEDIA intent",
      { target: { kind: "PHONE", value: "5511999990000" }, type: "MEDIA", payload: { text: "x" } },
      /payload\.mediaUrl/,
    ],
    [
      "a non-http media URL",
      {
        target: { kind: "PHONE", value: "5511999990000" },
        type: "MEDIA",
        payload: { mediaUrl: "file:///etc/passwd", mimeType: "image/png" },
      },
      /http/,
    ],
  ])("POST /v1/intents with %s → 400", async (_name, payload, message) => {
    const res = await h.request({ method: "POST", url: "/v1/intents", payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("VALIDATION_ERROR");
    expect(res.json().error.message).toMatch(message);
    const list = (await h.request({ method: "GET", url: "/v1/intents" })).json();
    expect(list.items).toHaveLength(0);
  });

  it("malformed JSON → 400 with the parser's reason", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/intents",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/JSON/i);
  });

  it("an id that is not a UUID → 400; an unknown one → 404", async () => {
    const bad = await h.request({ method: "GET", url: "/v1/intents/not-a-uuid" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/params\.id: must be a UUID/);
    const unknown = await h.request({ method: "GET", url: `/v1/intents/${missing}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("INTENT_NOT_FOUND");
    expect((await h.request({ method: "GET", url: `/v1/jobs/${missing}` })).statusCode).toBe(404);
  });

  it("approving on an unknown instance → 404; approving twice → 409", async () => {
    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511999990001" }, type: "TEXT", payload: { text: "x" } },
    });
    const id = created.json().id;
    const unknown = await h.request({
      method: "POST",
      url: `/v1/intents/${id}/approve`,
      payload: { instanceId: missing },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("INSTANCE_NOT_FOUND");
    const instance = (
      await h.request({ method: "POST", url: "/v1/instances", payload: { name: "v-1" } })
    ).json();
    const first = await h.request({
      method: "POST",
      url: `/v1/intents/${id}/approve`,
      payload: { instanceId: instance.id },
    });
    expect(first.statusCode).toBe(200);
    const second = await h.request({
      method: "POST",
      url: `/v1/intents/${id}/approve`,
      payload: { instanceId: instance.id },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("ILLEGAL_TRANSITION");
  });

  it("a duplicate instance name → 409; a bad name → 400", async () => {
    await h.request({ method: "POST", url: "/v1/instances", payload: { name: "dup-1" } });
    const dup = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "dup-1" } });
    expect(dup.statusCode).toBe(409);
    const bad = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "has space" } });
    expect(bad.statusCode).toBe(400);
  });

  it("retrying a job that is not FAILED → 409", async () => {
    const jobs = (await h.request({ method: "GET", url: "/v1/jobs" })).json();
    const job = jobs.items[0];
    const res = await h.request({ method: "POST", url: `/v1/jobs/${job.id}/retry`, payload: {} });
    expect(res.statusCode).toBe(409);
  });

  it("unknown routes answer 404 in the error shape; list filters are validated", async () => {
    const res = await h.request({ method: "GET", url: "/v1/nothing" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
    const bad = await h.request({ method: "GET", url: "/v1/jobs?status=DONE&limit=0" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.length).toBe(2);
    const badCriteria = await h.request({
      method: "GET",
      url: "/v1/intents?createdFrom=yesterday&purpose=SPAM&instanceId=x",
    });
    expect(badCriteria.statusCode).toBe(400);
    expect(badCriteria.json().error.message).toMatch(/createdFrom: must be an ISO 8601 date-time/);
    expect(badCriteria.json().error.details.length).toBe(3);
  });

  it("filters lists by purpose and an ISO created range, and refuses a date that is not ISO", async () => {
    const create = async (purpose: string) =>
      (
        await h.request({
          method: "POST",
          url: "/v1/intents",
          payload: {
            target: { kind: "PHONE", value: "5511999990002" },
            type: "TEXT",
            payload: { text: "x" },
            purpose,
          },
        })
      ).json();
    const warmup = await create("WARMUP");
    const later = await create("SCHEDULE");
    type Item = { id: string; createdAt: string };
    const list = async (query: string): Promise<Item[]> =>
      (await h.request({ method: "GET", url: `/v1/intents?limit=500&${query}` })).json().items;
    const ids = (items: Item[]) => items.map((item) => item.id);
    expect(ids(await list("purpose=WARMUP"))).toEqual([warmup.id]);
    // Expectations come from the full list: two intents may share a millisecond.
    const all = await list("");
    const from = encodeURIComponent(later.createdAt);
    expect(ids(await list(`createdFrom=${from}`))).toEqual(
      ids(all.filter((i) => i.createdAt >= later.createdAt)),
    );
    expect(ids(await list(`createdTo=${from}`))).toEqual(
      ids(all.filter((i) => i.createdAt < later.createdAt)),
    );
    expect(ids(await list(`createdFrom=${from}`))).toContain(later.id);
    expect(ids(await list(`createdTo=${from}&purpose=SCHEDULE`))).toEqual([]);
    const jobs = await h.request({ method: "GET", url: `/v1/jobs?createdFrom=${from}` });
    expect(jobs.statusCode).toBe(200);

    const bad = await h.request({ method: "GET", url: "/v1/intents?createdFrom=yesterday&purpose=SPAM" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/querystring\.createdFrom: must be an ISO 8601 date-time/);
    expect(bad.json().error.message).toMatch(/querystring\.purpose/);
  });

  it("filters intents by instance and both lists by a search (id or part of the recipient)", async () => {
    const instance = (
      await h.request({ method: "POST", url: "/v1/instances", payload: { name: "search-1" } })
    ).json();
    const intent = (
      await h.request({
        method: "POST",
        url: "/v1/intents",
        payload: {
          target: { kind: "PHONE", value: "+55 21 97654-3210" },
          type: "TEXT",
          payload: { text: "x" },
        },
      })
    ).json();
    const { job } = (
      await h.request({
        method: "POST",
        url: `/v1/intents/${intent.id}/approve`,
        payload: { instanceId: instance.id },
      })
    ).json();
    const other = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511912345678" }, type: "TEXT", payload: { text: "y" } },
    });
    const ids = async (url: string): Promise<string[]> =>
      (await h.request({ method: "GET", url })).json().items.map((item: { id: string }) => item.id);

    expect(await ids("/v1/intents")).toContain(other.json().id);
    expect(await ids(`/v1/intents?instanceId=${instance.id}`)).toEqual([intent.id]);
    expect(await ids(`/v1/intents?q=${encodeURIComponent("97654-32")}`)).toEqual([intent.id]);
    expect(await ids(`/v1/intents?q=${intent.id}`)).toEqual([intent.id]);
    expect(await ids(`/v1/intents?q=${intent.id}&purpose=WARMUP`)).toEqual([]);
    expect(await ids("/v1/jobs?q=976543210")).toEqual([job.id]);
    expect(await ids(`/v1/jobs?q=${intent.id}&purpose=DISPATCH`)).toEqual([job.id]);
    expect(await ids(`/v1/jobs?q=${job.id}&instanceId=${missing}`)).toEqual([]);
    const tooLong = await h.request({ method: "GET", url: `/v1/jobs?q=${"9".repeat(201)}` });
    expect(tooLong.statusCode).toBe(400);
  });
});
