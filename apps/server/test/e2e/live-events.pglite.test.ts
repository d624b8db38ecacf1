import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { connectEvents } from "../support/sse-client";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "pglite",
    settings: { EVENTS_POLL_INTERVAL_MS: 20, EVENTS_HEARTBEAT_MS: 100 },
  });
});
afterAll(() => h.close());

it("streams an intent's events as they commit, with heartbeats, on PGlite", async () => {
  const connection = await connectEvents(h);
  const res = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: "+55 11 99999-2001" }, type: "TEXT", payload: { text: "Oi" } },
  });
  expect(res.statusCode).toBe(201);
  await connection.waitFor(1);
  expect(connection.received[0]).toMatchObject({
    event: "MessageIntentCreated",
    data: { type: "MessageIntentCreated", intentId: res.json().id, actor: expect.any(String) },
  });
  await eventually(async () => (connection.comments.includes("heartbeat") ? true : undefined));
  connection.disconnect();
});
