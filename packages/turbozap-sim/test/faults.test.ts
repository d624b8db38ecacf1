import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTurboZapSim, type TurboZapSim } from "../src/index";
import { call, sendText, sleep, waitUntil } from "./helpers";

const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;

let sim: TurboZapSim;

beforeAll(async () => {
  sim = await startTurboZapSim({ receipts: false });
  sim.createInstance("a");
  sim.createInstance("b");
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clear();
  sim.resetFaults();
});

describe("403 but sent", () => {
  it("a key of another instance gets 403 with a success envelope, and the send happens", async () => {
    const other = sim.createInstance("other-owner");
    const res = await sendText(sim, "a", undefined, other.apiKey);
    expect(res.status).toBe(403);
    expect(res.body.success).toBe(true);
    expect(res.body.data.message_id).toMatch(MESSAGE_ID);
    expect(sim.sends).toHaveLength(1);
    expect(sim.sends[0]?.messageId).toBe(res.body.data.message_id);
    expect(sim.sends[0]?.instance).toBe("a");
  });

  it("forbiddenButSentRate=1 does the same with the admin key", async () => {
    sim.setFaults({ forbiddenButSentRate: 1 });
    const res = await sendText(sim, "a");
    expect(res.status).toBe(403);
    expect(res.body.data.message_id).toBe(sim.sends[0]?.messageId);
  });
});

describe("send failures", () => {
  it("error500Rate=1 answers 500 and records nothing", async () => {
    sim.setFaults({ error500Rate: 1 });
    const res = await sendText(sim, "a");
    expect(res).toEqual({
      status: 500,
      body: { success: false, error: { message: "Failed to send message" } },
    });
    const media = await call(sim, "POST", "/api/message/a/media", {
      body: { to: "5511999999999", media_url: "https://x.test/a.jpg" },
    });
    expect(media.body.error.message).toBe("Failed to send media");
    expect(sim.sends).toHaveLength(0);
  });

  it("hangRate=1 records the send and never answers; the client gives up", async () => {
    sim.setFaults({ hangRate: 1 });
    const started = Date.now();
    const outcome = await call(sim, "POST", "/api/message/a/text", {
      body: { to: "5511999999999", text: "x" },
      signal: AbortSignal.timeout(150),
    }).then(
      () => "answered",
      (error: Error) => error.name,
    );
    expect(outcome).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(sim.sends).toHaveLength(1);
    expect(sim.sends[0]?.instance).toBe("a");
    // The held request counts as in flight until the client's socket is gone.
    expect(sim.maxInFlightByInstance()).toEqual({ a: 1 });
    await waitUntil(() => sim.inFlight() === 0);
  });

  it("resetAfterSendRate=1 records the send and drops the connection", async () => {
    sim.setFaults({ resetAfterSendRate: 1 });
    const outcome = await sendText(sim, "a").then(
      () => "answered",
      () => "connection error",
    );
    expect(outcome).toBe("connection error");
    expect(sim.sends).toHaveLength(1);
    expect(sim.sends[0]?.messageId).toMatch(MESSAGE_ID);
  });

  it("a socket drop during the ack wait fails the send without recording it", async () => {
    sim.createInstance("drops");
    sim.setFaults({ latencyMs: 80 });
    const pending = sendText(sim, "drops");
    await sleep(20);
    sim.setConnected("drops", false);
    const res = await pending;
    expect(res.status).toBe(500);
    expect(sim.sends).toHaveLength(0);
  });
});

describe("latency and concurrency stats", () => {
  it("tracks the peak of concurrent sends per instance", async () => {
    sim.setFaults({ latencyMs: 150, latencyJitterMs: 10 });
    const started = Date.now();
    const inA = Array.from({ length: 5 }, () => sendText(sim, "a"));
    const inB = Array.from({ length: 2 }, () => sendText(sim, "b"));
    await waitUntil(() => sim.inFlight() === 7);
    const results = await Promise.all([...inA, ...inB]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(sim.maxInFlightByInstance()).toEqual({ a: 5, b: 2 });
    expect(sim.inFlight()).toBe(0);
    const stats = await call(sim, "GET", "/_sim/stats", { key: null });
    expect(stats.body).toEqual({ inFlight: 0, maxInFlightByInstance: { a: 5, b: 2 }, sends: 7 });
  });

  it("sequential sends never exceed one in flight", async () => {
    sim.setFaults({ latencyMs: 5 });
    for (let i = 0; i < 3; i++) await sendText(sim, "a");
    expect(sim.maxInFlightByInstance()).toEqual({ a: 1 });
  });
});

describe("faults over HTTP", () => {
  it("POST /_sim/faults merges and returns the current faults; /_sim/reset clears them and the sends", async () => {
    const set = await call(sim, "POST", "/_sim/faults", { key: null, body: { error500Rate: 1, bogus: 3 } });
    expect(set.body).toEqual({
      latencyMs: 0,
      latencyJitterMs: 0,
      error500Rate: 1,
      hangRate: 0,
      resetAfterSendRate: 0,
      presenceErrorRate: 0,
      presenceHangRate: 0,
      forbiddenButSentRate: 0,
    });
    expect((await sendText(sim, "a")).status).toBe(500);
    await call(sim, "POST", "/_sim/reset", { key: null });
    expect((await sendText(sim, "a")).status).toBe(200);
    expect(sim.sends.map((s) => s.seq)).toEqual([1]);
  });
});

describe("close()", () => {
  it("destroys held sockets and resolves", async () => {
    const local = await startTurboZapSim({ faults: { hangRate: 1 } });
    local.createInstance("x");
    const pending = sendText(local, "x").then(
      () => "answered",
      () => "closed",
    );
    await sleep(30);
    expect(local.sends).toHaveLength(1);
    await local.close();
    expect(await pending).toBe("closed");
  });
});
