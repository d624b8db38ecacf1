import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wuzapiUserToken } from "../../src/infra/providers/wuzapi/wuzapi-user-token";
import { type Harness, startHarness } from "../support/executor-harness";

// The same flow against each of the three providers, each through its simulator over HTTP.

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    allGateways: true,
    settings: { perInstanceConcurrency: 0 },
  });
});
afterAll(() => h.close());

function sendsOf(provider: string): readonly { messageId: string; to: string }[] {
  const others = h.others;
  if (others === null) throw new Error("the harness runs every gateway");
  if (provider === "evolution") return others.evolution.sends;
  if (provider === "wuzapi") return others.wuzapi.sends;
  return h.sim.sends;
}

async function step() {
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
}

describe.each([
  ["turbozap", "TurboZap", "+55 11 99999-2001"],
  ["evolution", "Evolution", "+55 11 99999-2002"],
  ["wuzapi", "WUZAPI", "5511999992003"],
])("provider %s", (provider, spelled, phone) => {
  let instanceId: string;

  it(`registers an instance with provider "${spelled}" (any letter case), connected`, async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: `shop-${provider}`, provider: spelled },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: `shop-${provider}`, provider, status: "connected" });
    instanceId = res.json().id;
  });

  it("sends a text through it: SENT with the gateway's id, exactly one send on that gateway", async () => {
    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "Olá" } },
    });
    const intentId = created.json().id as string;
    const approved = await h.request({
      method: "POST",
      url: `/v1/intents/${intentId}/approve`,
      payload: { instanceId },
    });
    expect(approved.statusCode).toBe(200);
    await step();
    const body = (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json();
    expect(body.status).toBe("SENT");
    const digits = phone.replace(/\D/g, "");
    const sends = sendsOf(provider).filter((s) => s.to === `${digits}@s.whatsapp.net`);
    expect(sends).toHaveLength(1);
    expect(body.job.providerMessageId).toBe(sends[0]?.messageId);
  });
});

describe("provider names", () => {
  it("answers 400 for an unknown provider, listing the configured ones", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "x", provider: "baileys" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("turbozap, evolution, wuzapi");
    expect(res.body).toContain("baileys");
  });

  it("never shows a wuzapi user's token in the API", async () => {
    const list = await h.request({ method: "GET", url: "/v1/instances" });
    const wuzapi = h.others?.wuzapi;
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("shop-wuzapi");
    expect(list.body).not.toContain(wuzapiUserToken(wuzapi?.adminToken ?? "", "shop-wuzapi"));
    expect(list.body).not.toContain(wuzapi?.adminToken);
  });
});
