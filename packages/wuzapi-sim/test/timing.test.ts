import { afterEach, describe, expect, it } from "vitest";
import { startWuzapiSim, type WuzapiSim } from "../src/index";
import { call, outcomeOf, sendText } from "./helpers";

let sim: WuzapiSim | undefined;
afterEach(() => sim?.close());

describe("the server ack and the timeouts", () => {
  it("answers only after the ack; an ack that never comes is a 500 after ackTimeoutMs, yet the message left", async () => {
    sim = await startWuzapiSim({ receipts: false, ackTimeoutMs: 120 });
    const { token } = sim.createInstance("a");
    sim.setFaults({ ackTimeoutRate: 1 });
    const started = Date.now();
    const res = await sendText(sim, token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(res).toEqual({
      status: 500,
      body: {
        code: 500,
        error: "Error sending message: timed out waiting for message send response",
        success: false,
      },
    });
    expect(sim.sends).toHaveLength(1);
  });

  it("latency past the ack timeout ends the same way", async () => {
    sim = await startWuzapiSim({ receipts: false, ackTimeoutMs: 50 });
    const { token } = sim.createInstance("a");
    sim.setFaults({ latencyMs: 60 });
    expect((await sendText(sim, token)).status).toBe(500);
    expect(sim.sends).toHaveLength(1);
  });

  it("serializes one user's sends; other users run beside it", async () => {
    sim = await startWuzapiSim({ receipts: false });
    const a = sim.createInstance("a");
    const b = sim.createInstance("b");
    sim.setFaults({ latencyMs: 40 });
    const started = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => sendText(sim as WuzapiSim, a.token)),
      sendText(sim, b.token),
      sendText(sim, b.token),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(sim.maxInFlightByInstance()).toEqual({ a: 1, b: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("cuts a send still unanswered at the write timeout; the queued send still goes out", async () => {
    sim = await startWuzapiSim({ receipts: false, writeTimeoutMs: 100 });
    const { token } = sim.createInstance("a");
    sim.setFaults({ latencyMs: 70 });
    const first = sendText(sim, token);
    const second = outcomeOf(sendText(sim, token));
    expect((await first).status).toBe(200);
    expect(await second).toBe("TypeError");
    await new Promise((r) => setTimeout(r, 80));
    expect(sim.sends).toHaveLength(2);
  });

  it("hangRate and resetAfterSendRate: the message left, no answer", async () => {
    sim = await startWuzapiSim({ receipts: false });
    const { token } = sim.createInstance("a");
    sim.setFaults({ resetAfterSendRate: 1 });
    expect(await outcomeOf(sendText(sim, token))).toBe("TypeError");
    sim.setFaults({ resetAfterSendRate: 0, hangRate: 1 });
    const hung = call(sim, "POST", "/chat/send/text", {
      token,
      body: { Phone: "5511999999999", Body: "x" },
      signal: AbortSignal.timeout(80),
    });
    expect(await outcomeOf(hung)).toBe("TimeoutError");
    expect(sim.sends).toHaveLength(2);
  });

  it("error500Rate: 500 'server returned error 479', nothing sent", async () => {
    sim = await startWuzapiSim({ receipts: false, faults: { error500Rate: 1 } });
    const { token } = sim.createInstance("a");
    expect((await sendText(sim, token)).body.error).toBe("Error sending message: server returned error 479");
    expect(sim.sends).toHaveLength(0);
  });
});
