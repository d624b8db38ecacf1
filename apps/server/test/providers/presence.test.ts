import { startEvolutionSim } from "@whatlead/evolution-sim";
import type { LoggedPresence } from "@whatlead/sim-kit";
import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim } from "@whatlead/wuzapi-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import type { TypingPlan } from "../../src/domain/intent/typing-plan";
import { EvolutionClient } from "../../src/infra/providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../../src/infra/providers/evolution/evolution-provider-adapter";
import { mediaFetcherOf } from "../../src/infra/providers/media/media-fetcher";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../../src/infra/providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../../src/infra/providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../../src/infra/providers/wuzapi/wuzapi-provider-adapter";
import { testSettings } from "../support/test-settings";

// Each adapter's presence call over HTTP to its simulator: what the gateway is asked to show, and
// that every failure comes back as an outcome, never an exception.

const TIMEOUT_MS = 2_000;
const PHONE = "5511999993001";
const JID = "5511999993001@s.whatsapp.net";
const TYPING: TypingPlan = { presence: "composing", durationMs: 120 };
const RECORDING: TypingPlan = { presence: "recording", durationMs: 80 };

/** What a test needs of one gateway: its adapter and its simulator's controls. */
interface Gateway {
  adapter: WhatsAppProvider;
  presences: LoggedPresence[];
  setConnected(name: string, connected: boolean): void;
  setFaults(faults: { presenceErrorRate?: number }): void;
  reset(): void;
  close(): Promise<void>;
}

async function turbozap(): Promise<Gateway> {
  const sim = await startTurboZapSim({ receipts: false });
  const client = new TurboZapClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
  return gateway(new TurboZapProviderAdapter(client), sim, () => client.close());
}

async function evolution(): Promise<Gateway> {
  const sim = await startEvolutionSim({ receipts: false });
  const client = new EvolutionClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
  return gateway(new EvolutionProviderAdapter(client, sim.apiKey), sim, () => client.close());
}

async function wuzapi(): Promise<Gateway> {
  const sim = await startWuzapiSim({ receipts: false });
  const client = new WuzapiClient({ baseUrl: sim.url, adminToken: sim.adminToken, timeoutMs: TIMEOUT_MS });
  const media = mediaFetcherOf(testSettings());
  return gateway(new WuzapiProviderAdapter(client, sim.adminToken, media), sim, () => client.close());
}

function gateway(
  adapter: WhatsAppProvider,
  sim: {
    presences: LoggedPresence[];
    setConnected(name: string, connected: boolean): void;
    setFaults(faults: { presenceErrorRate?: number }): void;
    resetFaults(): void;
    clear(): void;
    close(): Promise<void>;
  },
  closeClient: () => void,
): Gateway {
  return {
    adapter,
    presences: sim.presences,
    setConnected: (name, connected) => sim.setConnected(name, connected),
    setFaults: (faults) => sim.setFaults(faults),
    reset: () => {
      sim.resetFaults();
      sim.clear();
    },
    close: async () => {
      closeClient();
      await sim.close();
    },
  };
}

describe.each([
  ["turbozap", turbozap],
  ["evolution", evolution],
  ["wuzapi", wuzapi],
])("%s presence", (provider, start) => {
  let gw: Gateway;
  let count = 0;

  beforeAll(async () => {
    gw = await start();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.reset());

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
    expect(gw.presences[0]).toMatchObject({ instance: name, to: JID, state: "composing" });
  });

  it('shows "recording…" for a voice note', async () => {
    const name = await connectedInstance();
    expect(await show(name, RECORDING)).toEqual({ kind: "shown" });
    expect(gw.presences[0]).toMatchObject({ instance: name, to: JID, state: "recording" });
  });

  it("reports a number that cannot show it as a failure, without throwing", async () => {
    const name = await connectedInstance();
    gw.setConnected(name, false);
    const outcome = await show(name, TYPING);
    expect(outcome).toMatchObject({ kind: "failed", code: expect.stringMatching(/^HTTP_(400|500)$/) });
    expect(gw.presences).toEqual([]);
  });

  it("reports the gateway's refusal as a failure with its text", async () => {
    const name = await connectedInstance();
    gw.setFaults({ presenceErrorRate: 1 });
    const outcome = await show(name, TYPING);
    expect(outcome).toMatchObject({ kind: "failed", message: expect.any(String) });
    expect(outcome.kind === "failed" && outcome.message.length).toBeGreaterThan(0);
  });
});

describe("Evolution's sendPresence", () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await evolution();
  });
  afterAll(() => gw.close());

  it("holds the request for the typing time, then pauses: the gateway times the indicator", async () => {
    expect((await gw.adapter.ensureInstance("held")).status).toBe("connected");
    const startedAt = Date.now();
    await gw.adapter.showPresence?.("held", PHONE, TYPING);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TYPING.durationMs);
    const [composing, paused] = gw.presences;
    expect(composing).toMatchObject({ state: "composing", delayMs: TYPING.durationMs });
    expect(paused).toMatchObject({ state: "paused", to: JID });
    expect(
      (paused as LoggedPresence).at.getTime() - (composing as LoggedPresence).at.getTime(),
    ).toBeGreaterThanOrEqual(TYPING.durationMs - 1);
  });
});
