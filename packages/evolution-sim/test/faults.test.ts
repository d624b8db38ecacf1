import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EvolutionSim, startEvolutionSim } from "../src/index";
import { call, sendText } from "./helpers";

let sim: EvolutionSim;

beforeAll(async () => {
  sim = await startEvolutionSim({ receipts: false });
  sim.createInstance("a");
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clear();
  sim.resetFaults();
});

const outcomeOf = (pending: Promise<unknown>) =>
  pending.then(
    () => "answered",
    (error: Error) => error.name,
  );

describe("faults", () => {
  it("rejectAfterSendRate: a 400 ['[object Object]'] although the message left", async () => {
    sim.setFaults({ rejectAfterSendRate: 1 });
    const res = await sendText(sim, "a");
    expect(res).toEqual({
      status: 400,
      body: { status: 400, error: "Bad Request", response: { message: ["[object Object]"] } },
    });
    expect(sim.sends).toHaveLength(1);
  });

  it("error500Rate: 500 'Connection Closed' and nothing sent", async () => {
    sim.setFaults({ error500Rate: 1 });
    const res = await sendText(sim, "a");
    expect(res.status).toBe(500);
    expect(res.body.response.message).toBe("Connection Closed");
    expect(sim.sends).toHaveLength(0);
  });

  it("hangRate: the send happens and no answer comes", async () => {
    sim.setFaults({ hangRate: 1 });
    const outcome = await outcomeOf(
      call(sim, "POST", "/message/sendText/a", {
        body: { number: "5511999999999", text: "x" },
        signal: AbortSignal.timeout(100),
      }),
    );
    expect(outcome).toBe("TimeoutError");
    expect(sim.sends).toHaveLength(1);
  });

  it("resetAfterSendRate: the send happens and the connection drops", async () => {
    sim.setFaults({ resetAfterSendRate: 1 });
    expect(await outcomeOf(sendText(sim, "a"))).toBe("TypeError");
    expect(sim.sends).toHaveLength(1);
  });

  it("a drop during the send fails it inside the try-block: 400, nothing sent", async () => {
    sim.createInstance("drops");
    sim.setFaults({ latencyMs: 80 });
    const pending = sendText(sim, "drops");
    await new Promise((r) => setTimeout(r, 20));
    sim.setConnected("drops", false);
    const res = await pending;
    expect(res.body.response.message).toEqual(["Error: Connection Closed"]);
    expect(sim.sends).toHaveLength(0);
  });

  it("counts concurrent sends per instance and takes faults over /_sim", async () => {
    await call(sim, "POST", "/_sim/faults", { key: null, body: { latencyMs: 60 } });
    await Promise.all(Array.from({ length: 4 }, () => sendText(sim, "a")));
    expect(sim.maxInFlightByInstance()).toEqual({ a: 4 });
    const stats = await call(sim, "GET", "/_sim/stats", { key: null });
    expect(stats.body).toEqual({ inFlight: 0, maxInFlightByInstance: { a: 4 }, sends: 4 });
  });
});
