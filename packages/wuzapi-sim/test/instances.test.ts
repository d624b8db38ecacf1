import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWuzapiSim, type WuzapiSim } from "../src/index";
import { call, sendText } from "./helpers";

let sim: WuzapiSim;

beforeAll(async () => {
  sim = await startWuzapiSim({ adminToken: "admin", autoConnect: false, receipts: false, connectWaitMs: 80 });
});
afterAll(() => sim.close());

describe("users and sessions", () => {
  it("admin create → connect (unpaired: sends fail) → QR → paired → send → disconnect → No session", async () => {
    expect((await call(sim, "POST", "/admin/users", { body: { name: "x", token: "t" } })).status).toBe(401);
    const created = await call(sim, "POST", "/admin/users", {
      admin: "admin",
      body: { name: "shop", token: "shop-token", events: "Message,ReadReceipt" },
    });
    expect(created).toEqual({ status: 200, body: { id: 1 } });
    const again = await call(sim, "POST", "/admin/users", {
      admin: "admin",
      body: { name: "other", token: "shop-token" },
    });
    expect(again.body.error).toBe("User with the same token already exists");
    const badEvent = await call(sim, "POST", "/admin/users", {
      admin: "admin",
      body: { name: "b", events: "Nope" },
    });
    expect(badEvent.body.error).toBe("Invalid event: Nope");

    const token = "shop-token";
    expect((await sendText(sim, token)).body.error).toBe("No session");
    const connected = await call(sim, "POST", "/session/connect", {
      token,
      body: { Subscribe: ["ReadReceipt"], Immediate: true },
    });
    expect(connected.body.data).toMatchObject({ details: "Connected!", events: "ReadReceipt" });
    expect(
      (await call(sim, "POST", "/session/connect", { token, body: { Immediate: true } })).body.error,
    ).toBe("Already Connected");
    const unpaired = await sendText(sim, token);
    expect(unpaired.body.error).toBe("Error sending message: the store doesn't contain a device JID");
    expect((await call(sim, "GET", "/session/qr", { token })).body.data.QRCode).toMatch(
      /^data:image\/png;base64,/,
    );

    await call(sim, "POST", "/_sim/instances/shop/pair", {});
    expect((await call(sim, "GET", "/session/status", { token })).body.data).toEqual({
      Connected: true,
      LoggedIn: true,
    });
    expect((await sendText(sim, token)).status).toBe(200);

    expect((await call(sim, "POST", "/session/disconnect", { token })).body.data).toEqual({
      Details: "Disconnected",
    });
    expect((await sendText(sim, token)).body.error).toBe("No session");
    const users = await call(sim, "GET", "/admin/users", { admin: "admin" });
    expect(users.body.data[0]).toMatchObject({
      id: 1,
      name: "shop",
      token,
      loggedIn: true,
      connected: false,
    });
    expect((await call(sim, "DELETE", "/admin/users/1", { admin: "admin" })).body).toEqual({
      Details: "User deleted successfully",
    });
    expect((await call(sim, "DELETE", "/admin/users/1", { admin: "admin" })).status).toBe(404);
  });

  it("/session/connect without Immediate blocks for the connect wait", async () => {
    await call(sim, "POST", "/admin/users", { admin: "admin", body: { name: "slow", token: "slow-token" } });
    const started = Date.now();
    await call(sim, "POST", "/session/connect", { token: "slow-token", body: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("reports connection state only through /session/status", async () => {
    const { token } = sim.createInstance("polled", { connected: true });
    sim.pair("polled");
    sim.setConnected("polled", false);
    expect((await call(sim, "GET", "/session/status", { token })).body.data).toEqual({
      Connected: false,
      LoggedIn: true,
    });
  });

  it("checks numbers with /user/check", async () => {
    const { token } = sim.createInstance("checker", { connected: true });
    const res = await call(sim, "POST", "/user/check", {
      token,
      body: { Phone: ["5511999999999", "5511999990000"] },
    });
    expect(res.body.data.Users).toEqual([
      { IsInWhatsapp: true, JID: "5511999999999@s.whatsapp.net", Query: "5511999999999", VerifiedName: "" },
      { IsInWhatsapp: false, JID: "5511999990000@s.whatsapp.net", Query: "5511999990000", VerifiedName: "" },
    ]);
  });
});
