import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
});
afterAll(() => h.close());

async function register(name: string): Promise<string> {
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const patch = (id: string, payload: unknown) =>
  h.request({ method: "PATCH", url: `/v1/instances/${id}`, payload: payload as object });

const warmNewNumber = {
  pacing: { minIntervalMs: 20_000, jitterMs: 25_000, typing: true },
  warmup: { startPerDay: 20, growthPercentPerDay: 20 },
  sendingWindow: { timeZone: "America/Sao_Paulo", days: [1, 2, 3, 4, 5, 6], start: "09:00", end: "18:00" },
};

describe("instance settings: GET and PATCH /v1/instances/{id}", () => {
  it("a new instance has no pacing, warm-up or window, and no sends", async () => {
    const id = await register("settings-fresh");
    const res = await h.request({ method: "GET", url: `/v1/instances/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      name: "settings-fresh",
      hold: null,
      pacing: null,
      warmup: null,
      sendingWindow: null,
      sends: { lastMinute: 0, lastHour: 0, lastDay: 0, dayCap: null },
    });
  });

  it("sets pacing (absent fields defaulted), warm-up and window; returns them on GET and in the list", async () => {
    const id = await register("settings-warm");
    const res = await patch(id, warmNewNumber);
    expect(res.statusCode).toBe(200);
    const expected = {
      pacing: {
        minIntervalMs: 20_000,
        jitterMs: 25_000,
        maxPerMinute: null,
        maxPerHour: null,
        maxPerDay: null,
        typing: true,
      },
      warmup: warmNewNumber.warmup,
      sendingWindow: warmNewNumber.sendingWindow,
      // Registered today: the warm-up's first day.
      sends: { lastMinute: 0, lastHour: 0, lastDay: 0, dayCap: 20 },
    };
    expect(res.json()).toMatchObject(expected);
    expect((await h.request({ method: "GET", url: `/v1/instances/${id}` })).json()).toMatchObject(expected);
    const list = (await h.request({ method: "GET", url: "/v1/instances" })).json();
    expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject(expected);
  });

  it("an absent field stays, null removes", async () => {
    const id = await register("settings-remove");
    await patch(id, warmNewNumber);
    const res = await patch(id, { pacing: null, sendingWindow: null });
    expect(res.json()).toMatchObject({ pacing: null, warmup: warmNewNumber.warmup, sendingWindow: null });
  });

  it.each([
    ["15 s inside one minute", "09:00:30", "09:00:45"],
    ["to the end of the day", "09:00", "24:00:00"],
  ])("a window to the second (%s) is kept as given", async (_name, start, end) => {
    const id = await register(`settings-seconds-${start.replaceAll(":", "")}`);
    const sendingWindow = { ...warmNewNumber.sendingWindow, start, end };
    const res = await patch(id, { sendingWindow });
    expect(res.statusCode).toBe(200);
    expect(res.json().sendingWindow).toEqual(sendingWindow);
  });

  it("renames; a name taken in the organization is a 409", async () => {
    const id = await register("settings-old-name");
    await register("settings-taken");
    const renamed = await patch(id, { name: "settings-new-name" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe("settings-new-name");
    const taken = await patch(id, { name: "settings-taken" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("INSTANCE_EXISTS");
  });

  it("another organization's instance is a 404, unknown ids too", async () => {
    const id = await register("settings-private");
    const other = await h.createOrganization("other-settings");
    expect((await other.request({ method: "GET", url: `/v1/instances/${id}` })).statusCode).toBe(404);
    expect(
      (await other.request({ method: "PATCH", url: `/v1/instances/${id}`, payload: { pacing: null } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.request({ method: "GET", url: "/v1/instances/00000000-0000-4000-8000-000000000000" }))
        .statusCode,
    ).toBe(404);
  });

  const window = warmNewNumber.sendingWindow;
  it.each([
    [
      "an unknown time zone",
      { sendingWindow: { ...window, timeZone: "America/Atlantis" } },
      /IANA time zone/,
    ],
    [
      "a window that ends before it starts",
      { sendingWindow: { ...window, start: "18:00", end: "09:00" } },
      /end after it starts/,
    ],
    [
      "an empty window",
      { sendingWindow: { ...window, start: "09:00", end: "09:00" } },
      /end after it starts/,
    ],
    ["a day outside 1..7", { sendingWindow: { ...window, days: [0, 1] } }, /ISO weekdays/],
    ["a day 8", { sendingWindow: { ...window, days: [8] } }, /ISO weekdays/],
    ["a time that is not HH:MM", { sendingWindow: { ...window, start: "9am" } }, /HH:MM/],
    ["a 60th second", { sendingWindow: { ...window, start: "09:00:60" } }, /HH:MM:SS/],
    ["an end past 24:00", { sendingWindow: { ...window, end: "24:00:01" } }, /HH:MM:SS/],
    [
      "an empty window to the second",
      { sendingWindow: { ...window, start: "09:00:30", end: "09:00:30" } },
      /end after it starts/,
    ],
    ["a negative interval", { pacing: { minIntervalMs: -1 } }, /negative/],
    ["a negative jitter", { pacing: { jitterMs: -5 } }, /negative/],
    ["a zero cap", { pacing: { maxPerMinute: 0 } }, /at least 1/],
    ["an unknown pacing field", { pacing: { minInterval: 5 } }, /minInterval/],
    ["a warm-up without its start", { warmup: { growthPercentPerDay: 20 } }, /startPerDay/],
  ])("%s → 400 saying what is wrong, nothing changed", async (_name, body, message) => {
    const id = await register(`settings-bad-${Math.random().toString(36).slice(2, 8)}`);
    const res = await patch(id, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
    expect((await h.request({ method: "GET", url: `/v1/instances/${id}` })).json()).toMatchObject({
      pacing: null,
      warmup: null,
      sendingWindow: null,
    });
  });
});
