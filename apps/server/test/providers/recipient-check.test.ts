import { startEvolutionSim } from "@whatlead/evolution-sim";
import type { LoggedCheck } from "@whatlead/sim-kit";
import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim } from "@whatlead/wuzapi-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import { EvolutionClient } from "../../src/infra/providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../../src/infra/providers/evolution/evolution-provider-adapter";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../../src/infra/providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../../src/infra/providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../../src/infra/providers/wuzapi/wuzapi-provider-adapter";

// Each adapter's recipient check over HTTP to its simulator: the gateway's verdict for one number,
// and every failure an outcome that holds or retries, never a verdict and never an exception.

const TIMEOUT_MS = 2_000;
const ON_WHATSAPP = "5511999995001";
/** The simulators' directory: numbers ending 0000 have no WhatsApp account. */
const NOT_ON_WHATSAPP = "5511999990000";

interface Gateway {
  adapter: WhatsAppProvider;
  checks: LoggedCheck[];
  setConnected(name: string, connected: boolean): void;
  clear(): void;
  close(): Promise<void>;
}

type Sim = Omit<Gateway, "adapter">;

function gateway(adapter: WhatsAppProvider, sim: Sim, closeClient: () => void): Gateway {
  return {
    adapter,
    checks: sim.checks,
    setConnected: (name, connected) => sim.setConnected(name, connected),
    clear: () => sim.clear(),
    close: async () => {
      closeClient();
      await sim.close();
    },
  };
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
  return gateway(new WuzapiProviderAdapter(client, sim.adminToken), sim, () => client.close());
}

describe.each([
  ["turbozap", turbozap],
  ["evolution", evolution],
  ["wuzapi", wuzapi],
])("%s recipient check", (provider, start) => {
  let gw: Gateway;
  let count = 0;

  beforeAll(async () => {
    gw = await start();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.clear());

  async function connectedInstance(): Promise<string> {
    count += 1;
    const name = `check-${provider}-${count}`;
    expect((await gw.adapter.ensureInstance(name)).status).toBe("connected");
    return name;
  }

  function check(name: string, phone: string) {
    const { checkRecipient } = gw.adapter;
    if (checkRecipient === undefined) throw new Error(`${provider} declares no recipient check`);
    return checkRecipient.call(gw.adapter, name, phone);
  }

  it("says a number with an account is on WhatsApp, asking for that one number", async () => {
    const name = await connectedInstance();
    expect(await check(name, ON_WHATSAPP)).toEqual({ kind: "checked", onWhatsApp: true });
    expect(gw.checks).toEqual([expect.objectContaining({ instance: name, numbers: [ON_WHATSAPP] })]);
  });

  it("says a number without an account is not on WhatsApp", async () => {
    const name = await connectedInstance();
    expect(await check(name, NOT_ON_WHATSAPP)).toEqual({ kind: "checked", onWhatsApp: false });
  });

  it("holds the number, with no verdict, when its socket is down", async () => {
    const name = await connectedInstance();
    gw.setConnected(name, false);
    const outcome = await check(name, NOT_ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", scope: "instance" });
  });

  it("holds the whole gateway when it cannot be reached", async () => {
    const name = await connectedInstance();
    const down = await start();
    await down.close();
    const outcome = await down.adapter.checkRecipient?.(name, ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", code: "NETWORK_ERROR", scope: "gateway" });
  });
});

describe("TurboZap's check without a logged-in session", () => {
  let sim: Awaited<ReturnType<typeof startTurboZapSim>>;
  let adapter: TurboZapProviderAdapter;
  let client: TurboZapClient;

  beforeAll(async () => {
    sim = await startTurboZapSim({ receipts: false });
    client = new TurboZapClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
    adapter = new TurboZapProviderAdapter(client);
  });
  afterAll(async () => {
    client.close();
    await sim.close();
  });

  it("is not taken as a verdict: the gateway answers exists:false for every number then", async () => {
    sim.createInstance("unpaired", { connected: false });
    sim.setConnected("unpaired", true);
    const outcome = await adapter.checkRecipient("unpaired", ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", code: "INSTANCE_NOT_PAIRED", scope: "instance" });
    expect(sim.checks).toHaveLength(1);
  });
});
