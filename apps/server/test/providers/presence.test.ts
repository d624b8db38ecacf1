import type { LoggedPresence } from "@whatlead/sim-kit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TypingPlan } from "../../src/domain/intent/typing-plan";
import { evolutionOnSim, turbozapOnSim, wuzapiOnSim } from "../support/adapter-on-sim";

// Each adapter's presence call over HTTP to its simulator: what the gateway is asked to show, and
// that every failure comes back as an outcome, never an exception.

const PHONE = "5511999993001";
const JID = "5511999993001@s.whatsapp.net";
const TYPING: TypingPlan = { presence: "composing", durationMs: 120 };
const RECORDING: TypingPlan = { presence: "recording", durationMs: 80 };

describe.each([
  ["turbozap", turbozapOnSim],
  ["evolution", evolutionOnSim],
  ["wuzapi", wuzapiOnSim],
])("%s presence", (provider, start) => {
  let gw: Awaited<ReturnType<typeof start>>;
  let count = 0;

  beforeAll(async () => {
    gw = await start();
  });
  afterAll(() => gw.close());
  beforeEach(() => {
    gw.sim.resetFaults();
    gw.sim.clear();
  });

  async function connectedInstance(): Promise<string> {
    count += 1;
    const name = `typing-${provider}-${count}`;
    expect((await gw.adapter.ensureInstance(name)).status).toBe("connected");
    return name;
  }

  function show(name: string, plan: TypingPlan) {
    const { showPresence } = gw.adapter;
    if (showPresence === undefined) throw new Error(`${provider} declares no presence call`);
    return showPresence.call(gw.adapter, name, PHONE, plan);
  }

  it("declares the presence capability", () => {
    expect(gw.adapter.showPresence).toBeTypeOf("function");
  });

  it('shows "typing…" in the recipient\'s chat', async () => {
    const name = await connectedInstance();
    expect(await show(name, TYPING)).toEqual({ kind: "shown" });
    expect(gw.sim.presences[0]).toMatchObject({ instance: name, to: JID, state: "composing" });
  });

  it('shows "recording…" for a voice note', async () => {
    const name = await connectedInstance();
    expect(await show(name, RECORDING)).toEqual({ kind: "shown" });
    expect(gw.sim.presences[0]).toMatchObject({ instance: name, to: JID, state: "recording" });
  });

  it("reports a number that cannot show it as a failure, without throwing", async () => {
    const name = await connectedInstance();
    gw.sim.setConnected(name, false);
    const outcome = await show(name, TYPING);
    expect(outcome).toMatchObject({ kind: "failed", code: expect.stringMatching(/^HTTP_(400|500)$/) });
    expect(gw.sim.presences).toEqual([]);
  });

  it("reports the gateway's refusal as a failure with its text", async () => {
    const name = await connectedInstance();
    gw.sim.setFaults({ presenceErrorRate: 1 });
    const outcome = await show(name, TYPING);
    expect(outcome).toMatchObject({ kind: "failed", message: expect.any(String) });
    expect(outcome.kind === "failed" && outcome.message.length).toBeGreaterThan(0);
  });
});

describe("Evolution's sendPresence", () => {
  let gw: Awaited<ReturnType<typeof evolutionOnSim>>;

  beforeAll(async () => {
    gw = await evolutionOnSim();
  });
  afterAll(() => gw.close());

  it("holds the request for the typing time, then pauses: the gateway times the indicator", async () => {
    expect((await gw.adapter.ensureInstance("held")).status).toBe("connected");
    const startedAt = Date.now();
    await gw.adapter.showPresence?.("held", PHONE, TYPING);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TYPING.durationMs);
    const [composing, paused] = gw.sim.presences;
    expect(composing).toMatchObject({ state: "composing", delayMs: TYPING.durationMs });
    expect(paused).toMatchObject({ state: "paused", to: JID });
    expect(
      (paused as LoggedPresence).at.getTime() - (composing as LoggedPresence).at.getTime(),
    ).toBeGreaterThanOrEqual(TYPING.durationMs - 1);
  });
});
