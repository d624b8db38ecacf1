import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evolutionOnSim, turbozapOnSim, wuzapiOnSim } from "../support/adapter-on-sim";

// Each adapter's recipient check over HTTP to its simulator: the gateway's verdict for one number,
// and every failure an outcome that holds or retries, never a verdict and never an exception.

const ON_WHATSAPP = "5511999995001";
/** The simulators' directory: numbers ending 0000 have no WhatsApp account. */
const NOT_ON_WHATSAPP = "5511999990000";

describe.each([
  ["turbozap", turbozapOnSim],
  ["evolution", evolutionOnSim],
  ["wuzapi", wuzapiOnSim],
])("%s recipient check", (provider, start) => {
  let gw: Awaited<ReturnType<typeof start>>;
  let count = 0;

  beforeAll(async () => {
    gw = await start();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sim.clear());

  async function connectedInstance(): Promise<string> {
    count += 1;
    const name = `check-${provider}-${count}`;
    expect((await gw.adapter.ensureInstance(name)).status).toBe("connected");
    return name;
  }

  it("says a number with an account is on WhatsApp, asking for that one number", async () => {
    const name = await connectedInstance();
    expect(await gw.adapter.checkRecipient(name, ON_WHATSAPP)).toEqual({ kind: "checked", onWhatsApp: true });
    expect(gw.sim.checks).toEqual([expect.objectContaining({ instance: name, numbers: [ON_WHATSAPP] })]);
  });

  it("says a number without an account is not on WhatsApp", async () => {
    const name = await connectedInstance();
    const outcome = await gw.adapter.checkRecipient(name, NOT_ON_WHATSAPP);
    expect(outcome).toEqual({ kind: "checked", onWhatsApp: false });
  });

  it("holds the number, with no verdict, when its socket is down", async () => {
    const name = await connectedInstance();
    gw.sim.setConnected(name, false);
    const outcome = await gw.adapter.checkRecipient(name, NOT_ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", scope: "instance" });
  });

  it("holds the whole gateway when it cannot be reached", async () => {
    const name = await connectedInstance();
    const down = await start();
    await down.close();
    const outcome = await down.adapter.checkRecipient(name, ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", code: "NETWORK_ERROR", scope: "gateway" });
  });
});

describe("TurboZap's check without a logged-in session", () => {
  let gw: Awaited<ReturnType<typeof turbozapOnSim>>;

  beforeAll(async () => {
    gw = await turbozapOnSim();
  });
  afterAll(() => gw.close());

  it("is not taken as a verdict: the gateway answers exists:false for every number then", async () => {
    gw.sim.createInstance("unpaired", { connected: false });
    gw.sim.setConnected("unpaired", true);
    const outcome = await gw.adapter.checkRecipient("unpaired", ON_WHATSAPP);
    expect(outcome).toMatchObject({ kind: "unavailable", code: "INSTANCE_NOT_PAIRED", scope: "instance" });
    expect(gw.sim.checks).toHaveLength(1);
  });
});
