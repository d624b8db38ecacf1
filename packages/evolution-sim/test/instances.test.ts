import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvolutionSim, startEvolutionSim } from "../src/index";
import { call, sendText } from "./helpers";

let sim: EvolutionSim;

beforeAll(async () => {
  sim = await startEvolutionSim({ apiKey: "global", receipts: false, autoConnect: false });
});
afterAll(() => sim.close());

describe("instances", () => {
  it("create (global key only) → connect shows a QR → paired → send → logout → delete", async () => {
    const denied = await call(sim, "POST", "/instance/create", { body: { instanceName: "shop" }, key: "x" });
    expect(denied.status).toBe(401);
    const created = await call(sim, "POST", "/instance/create", {
      body: { instanceName: "shop", integration: "WHATSAPP-BAILEYS" },
    });
    expect(created.status).toBe(201);
    expect(created.body.instance).toMatchObject({
      instanceName: "shop",
      integration: "WHATSAPP-BAILEYS",
      status: "close",
    });
    const hash = created.body.hash as string;
    expect(hash.length).toBeGreaterThan(10);

    const taken = await call(sim, "POST", "/instance/create", { body: { instanceName: "shop" } });
    expect(taken.status).toBe(403);
    const badIntegration = await call(sim, "POST", "/instance/create", {
      body: { instanceName: "other", integration: "EVOLUTION" },
    });
    expect(badIntegration.body.response.message).toEqual(["Invalid integration"]);

    const qr = await call(sim, "GET", "/instance/connect/shop", { key: hash });
    expect(qr.body.base64).toMatch(/^data:image\/png;base64,/);
    expect((await call(sim, "GET", "/instance/connectionState/shop")).body.instance.state).toBe("connecting");
    await call(sim, "POST", "/_sim/instances/shop/pair", { key: null });
    expect(
      (await call(sim, "GET", "/instance/connectionState/shop", { key: hash })).body.instance.state,
    ).toBe("open");
    expect((await sendText(sim, "shop", undefined, hash)).status).toBe(201);

    const loggedOut = await call(sim, "DELETE", "/instance/logout/shop");
    expect(loggedOut.body).toEqual({
      status: "SUCCESS",
      error: false,
      response: { message: "Instance logged out" },
    });
    expect((await call(sim, "DELETE", "/instance/logout/shop")).status).toBe(400);
    const deleted = await call(sim, "DELETE", "/instance/delete/shop");
    expect(deleted.body.response.message).toBe("Instance deleted");
    expect((await call(sim, "GET", "/instance/connectionState/shop")).status).toBe(404);
  });

  it("takes a caller-given token as the hash", async () => {
    const created = await call(sim, "POST", "/instance/create", {
      body: { instanceName: "tok", token: "my-token" },
    });
    expect(created.body.hash).toBe("my-token");
    expect((await call(sim, "GET", "/instance/connectionState/tok", { key: "my-token" })).status).toBe(200);
  });

  it("checks numbers with /chat/whatsappNumbers", async () => {
    sim.createInstance("checker", { connected: true });
    const res = await call(sim, "POST", "/chat/whatsappNumbers/checker", {
      body: { numbers: ["5511999999999", "5511999990000"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.map((r: { exists: boolean }) => r.exists)).toEqual([true, false]);
    expect(res.body[0]).toMatchObject({ jid: "5511999999999@s.whatsapp.net", number: "5511999999999" });
  });
});
