import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTurboZapSim, type TurboZapSim } from "../src/index";
import { call, sendText } from "./helpers";

describe("instance lifecycle over HTTP (autoConnect)", () => {
  let sim: TurboZapSim;
  beforeAll(async () => {
    sim = await startTurboZapSim({ receipts: false });
  });
  afterAll(() => sim.close());

  it("create → connect → send → logout → delete", async () => {
    const created = await call(sim, "POST", "/api/instance/create", { body: { name: "shop-1" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: "shop-1", status: "disconnected" });
    expect(created.body.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof created.body.data.api_key).toBe("string");

    const again = await call(sim, "POST", "/api/instance/create", { body: { name: "shop-1" } });
    expect(again.status).toBe(409);

    expect((await sendText(sim, "shop-1")).status).toBe(400); // not connected yet

    const connect = await call(sim, "POST", "/api/instance/shop-1/connect");
    expect(connect.body.data).toMatchObject({ name: "shop-1", status: "connecting" });
    const status = await call(sim, "GET", "/api/instance/shop-1/status");
    expect(status.body.data.status).toBe("connected");
    expect(status.body.data.phone_number).toMatch(/^\d{10,15}$/);

    const qr = await call(sim, "GET", "/api/instance/shop-1/qrcode");
    expect(qr.body.data).toEqual({ name: "shop-1", status: "connected" });

    // The instance's own key works for its own sends.
    expect((await sendText(sim, "shop-1", undefined, created.body.data.api_key)).status).toBe(200);

    const list = await call(sim, "GET", "/api/instance/list");
    expect(list.body.data.total).toBe(1);
    expect(list.body.data.instances[0]).toMatchObject({ name: "shop-1", status: "connected" });

    const restart = await call(sim, "PUT", "/api/instance/shop-1/restart");
    expect(restart.body.data.status).toBe("restarting");
    expect((await call(sim, "GET", "/api/instance/shop-1/status")).body.data.status).toBe("connected");

    const logout = await call(sim, "POST", "/api/instance/shop-1/logout");
    expect(logout.body.data.status).toBe("disconnected");
    const afterLogout = await call(sim, "GET", "/api/instance/shop-1/status");
    expect(afterLogout.body.data.phone_number).toBeUndefined();

    const removed = await call(sim, "DELETE", "/api/instance/shop-1");
    expect(removed.status).toBe(200);
    expect((await call(sim, "GET", "/api/instance/shop-1/status")).status).toBe(404);
    // Its key died with it.
    expect((await sendText(sim, "shop-1", undefined, created.body.data.api_key)).status).toBe(401);
  });

  it("validates instance names", async () => {
    const res = await call(sim, "POST", "/api/instance/create", { body: { name: "bad name!" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid instance name/);
  });

  it("answers 404 for unknown instances and Fiber-style 404 for unknown routes", async () => {
    expect((await call(sim, "POST", "/api/instance/nobody/connect")).status).toBe(404);
    const route = await call(sim, "GET", "/api/nothing/here");
    expect(route.status).toBe(404);
    expect(route.body).toBe("Cannot GET /api/nothing/here");
    expect((await call(sim, "GET", "/api/nothing/here", { key: null })).status).toBe(401);
  });
});

describe("pairing without autoConnect", () => {
  let sim: TurboZapSim;
  beforeAll(async () => {
    sim = await startTurboZapSim({ autoConnect: false, receipts: false });
  });
  afterAll(() => sim.close());

  it("connect shows a QR code until the instance is paired over /_sim", async () => {
    await call(sim, "POST", "/api/instance/create", { body: { name: "qr" } });
    await call(sim, "POST", "/api/instance/qr/connect");
    const qr = await call(sim, "GET", "/api/instance/qr/qrcode");
    expect(qr.body.data.status).toBe("qrcode");
    expect(qr.body.data.qr_code).toMatch(/^data:image\/png;base64,/);
    expect(qr.body.data.code).toMatch(/^2@/);

    const paired = await call(sim, "POST", "/_sim/instances/qr/pair", { key: null });
    expect(paired.body).toMatchObject({ name: "qr", status: "connected" });
    expect((await sendText(sim, "qr")).status).toBe(200);

    const dropped = await call(sim, "POST", "/_sim/instances/qr/connected", {
      key: null,
      body: { connected: false },
    });
    expect(dropped.body.status).toBe("disconnected");
    expect((await sendText(sim, "qr")).status).toBe(400);
    expect((await call(sim, "POST", "/_sim/instances/nope/pair", { key: null })).status).toBe(404);
  });

  it("createInstance defaults to the autoConnect setting", () => {
    sim.createInstance("direct");
    expect(() => sim.createInstance("direct")).toThrow(/already exists/);
    return sendText(sim, "direct").then((res) => expect(res.status).toBe(400));
  });
});
