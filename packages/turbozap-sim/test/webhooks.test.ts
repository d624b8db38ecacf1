import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTurboZapSim, type TurboZapSim } from "../src/index";
import { call, type Receiver, sendText, sleep, startReceiver } from "./helpers";

let sim: TurboZapSim;
let receiver: Receiver;

beforeAll(async () => {
  sim = await startTurboZapSim({
    receipts: { deliveredAfterMs: 10, readAfterMs: 30 },
    webhookBackoffScaleMs: 5,
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.failNext = 0;
});

async function instanceWithWebhook(name: string, config: Record<string, unknown> = {}) {
  const info = sim.createInstance(name);
  const res = await call(sim, "POST", `/api/webhook/${name}/set`, {
    body: { url: receiver.url, events: [], headers: { "X-Secret": "s3cret" }, enabled: true, ...config },
  });
  expect(res.status).toBe(200);
  return info;
}

const forInstance = (name: string) => (hook: { body: { instance: string } }) => hook.body.instance === name;

describe("send.message and receipts", () => {
  it("posts send.message, then delivered and read receipts twice each, with the configured headers", async () => {
    const info = await instanceWithWebhook("hooked");
    const res = await sendText(sim, "hooked", "+55 11 98888-7777");
    const messageId = res.body.data.message_id;
    const hooks = await receiver.waitFor(forInstance("hooked"), 5);
    await sleep(30); // nothing beyond the five expected deliveries
    expect(receiver.received.filter(forInstance("hooked"))).toHaveLength(5);

    const sent = hooks.find((h) => h.body.event === "send.message");
    expect(sent?.body).toMatchObject({
      event: "send.message",
      instance_id: info.id,
      instance: "hooked",
      data: {
        message_id: messageId,
        to: "5511988887777",
        fromMe: true,
        type: "text",
        content: "hello",
        status: "sent",
      },
    });
    expect(sent?.body.data.from).toMatch(/^\d{10,15}$/);
    expect(Number.isNaN(Date.parse(sent?.body.timestamp))).toBe(false);
    expect(sent?.headers).toMatchObject({
      "user-agent": "TurboZap-Webhook/1.0",
      "x-webhook-event": "send.message",
      "x-instance-id": info.id,
      "content-type": "application/json",
      "x-secret": "s3cret",
    });

    const receipts = hooks
      .filter((h) => h.body.event !== "send.message")
      .map((h) => `${h.body.event}:${h.body.data.status}`)
      .sort();
    expect(receipts).toEqual([
      "message.ack:delivered",
      "message.ack:read",
      "messages.update:delivered",
      "messages.update:read",
    ]);
    for (const hook of hooks.filter((h) => h.body.event !== "send.message")) {
      expect(hook.body.data).toMatchObject({ message_id: messageId, from: "5511988887777@s.whatsapp.net" });
      expect(hook.headers["x-webhook-event"]).toBe(hook.body.event);
    }
  });

  it("reports media type and caption", async () => {
    await instanceWithWebhook("media-hook", { events: ["send.message"] });
    await call(sim, "POST", "/api/message/media-hook/media", {
      body: {
        to: "5511999999999",
        media_url: "https://cdn.test/report.pdf",
        caption: "Q3",
        file_name: "q3.pdf",
      },
    });
    const [hook] = await receiver.waitFor(forInstance("media-hook"), 1);
    expect(hook?.body.data).toMatchObject({ type: "document", caption: "Q3", filename: "q3.pdf" });
  });

  it("respects the events filter and the enabled flag", async () => {
    await instanceWithWebhook("only-acks", { events: ["message.ack"] });
    await sendText(sim, "only-acks");
    const hooks = await receiver.waitFor(forInstance("only-acks"), 2);
    await sleep(40);
    expect(receiver.received.filter(forInstance("only-acks")).map((h) => h.body.event)).toEqual([
      "message.ack",
      "message.ack",
    ]);
    expect(hooks.map((h) => h.body.data.status).sort()).toEqual(["delivered", "read"]);

    await instanceWithWebhook("disabled", { enabled: false });
    await sendText(sim, "disabled");
    await sleep(60);
    expect(receiver.received.filter(forInstance("disabled"))).toHaveLength(0);
  });

  it("retries a non-2xx delivery", async () => {
    await instanceWithWebhook("retry", { events: ["send.message"] });
    receiver.failNext = 2;
    await sendText(sim, "retry");
    // 1st and 2nd attempts fail, 3rd succeeds after 1²+2² backoff units.
    const hooks = await receiver.waitFor(forInstance("retry"), 3);
    await sleep(100);
    expect(receiver.received.filter(forInstance("retry"))).toHaveLength(3);
    expect(new Set(hooks.map((h) => h.body.data.message_id)).size).toBe(1);
  });

  it("gives up after the gateway's 3 retries", async () => {
    await instanceWithWebhook("gives-up", { events: ["send.message"] });
    receiver.failNext = 10;
    await sendText(sim, "gives-up");
    await receiver.waitFor(forInstance("gives-up"), 4);
    await sleep(120); // the next backoff would be 4² × 5 ms
    expect(receiver.received.filter(forInstance("gives-up"))).toHaveLength(4);
  });

  it("sends no receipts to a number that is not on WhatsApp, but still announces the send", async () => {
    await instanceWithWebhook("ghost-number");
    await sendText(sim, "ghost-number", "5511999990000");
    await receiver.waitFor(forInstance("ghost-number"), 1);
    await sleep(60);
    expect(receiver.received.filter(forInstance("ghost-number")).map((h) => h.body.event)).toEqual([
      "send.message",
    ]);
  });

  it("survives an unreachable webhook URL", async () => {
    sim.createInstance("nowhere");
    await call(sim, "POST", "/api/webhook/nowhere/set", { body: { url: "http://127.0.0.1:1/hook" } });
    expect((await sendText(sim, "nowhere")).status).toBe(200);
    await sleep(50);
    expect((await call(sim, "GET", "/health")).status).toBe(200);
  });
});

describe("connection.update", () => {
  it("fires on socket drop and recovery", async () => {
    await instanceWithWebhook("conn", { events: ["connection.update"] });
    sim.setConnected("conn", false);
    sim.setConnected("conn", true);
    const hooks = await receiver.waitFor(forInstance("conn"), 2);
    expect(hooks.map((h) => h.body.data.status).sort()).toEqual(["connected", "disconnected"]);
  });
});

describe("webhook configuration routes", () => {
  it("GET returns the stored configuration; set validates the URL", async () => {
    await instanceWithWebhook("cfg", { events: ["send.message"] });
    const res = await call(sim, "GET", "/api/webhook/cfg");
    expect(res.body.data).toEqual({
      configured: true,
      webhook: {
        url: receiver.url,
        events: ["send.message"],
        headers: { "X-Secret": "s3cret" },
        enabled: true,
      },
    });
    const bad = await call(sim, "POST", "/api/webhook/cfg/set", { body: { url: "ftp://x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Invalid webhook URL");
    const missing = await call(sim, "GET", "/api/webhook/nobody");
    expect(missing.status).toBe(404);
  });
});
