import { type Receiver, startReceiver } from "@whatlead/sim-kit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EvolutionSim, startEvolutionSim } from "../src/index";
import { call, sendText, setWebhook } from "./helpers";

let sim: EvolutionSim;
let receiver: Receiver;

beforeAll(async () => {
  sim = await startEvolutionSim({
    receipts: { deliveredAfterMs: 10, readAfterMs: 30 },
    webhookBackoffScaleMs: 5,
  });
});
afterAll(() => sim.close());
beforeEach(async () => {
  receiver = await startReceiver();
  sim.resetFaults();
});
afterEach(() => receiver.close());

let next = 0;
async function hookedInstance(events: string[] = []): Promise<string> {
  const name = `hooked-${next++}`;
  sim.createInstance(name);
  await setWebhook(sim, name, receiver.url, events);
  return name;
}

const ofEvent = (event: string) => (hook: { body: { event: string } }) => hook.body.event === event;

describe("SEND_MESSAGE and MESSAGES_UPDATE", () => {
  it("posts SEND_MESSAGE with the answer object, then SERVER_ACK → DELIVERY_ACK → READ keyed by keyId", async () => {
    const name = await hookedInstance(["SEND_MESSAGE", "MESSAGES_UPDATE"]);
    const res = await sendText(sim, name);
    const [sent] = await receiver.waitFor(ofEvent("send.message"), 1);
    expect(sent?.headers["x-secret"]).toBe("s3cret");
    expect(sent?.body).toMatchObject({ event: "send.message", instance: name, data: res.body, apikey: null });
    expect(sent?.body.sender).toMatch(/@s\.whatsapp\.net$/);
    const updates = await receiver.waitFor(ofEvent("messages.update"), 3);
    expect(updates.map((u) => u.body.data.status).sort()).toEqual(["DELIVERY_ACK", "READ", "SERVER_ACK"]);
    for (const update of updates) {
      expect(update.body.data).toMatchObject({
        keyId: res.body.key.id,
        remoteJid: "5511999999999@s.whatsapp.net",
        fromMe: true,
      });
    }
  });

  it("adds PLAYED for a voice note", async () => {
    const name = await hookedInstance(["MESSAGES_UPDATE"]);
    await call(sim, "POST", `/message/sendWhatsAppAudio/${name}`, {
      body: { number: "5511999999999", audio: "https://cdn.example.com/a.ogg" },
    });
    await receiver.waitFor((h) => h.body.data.status === "PLAYED", 1);
  });

  it("reports a late server refusal as ERROR after the 201, with no receipts", async () => {
    const name = await hookedInstance(["MESSAGES_UPDATE"]);
    sim.setFaults({ lateErrorRate: 1 });
    const res = await sendText(sim, name);
    expect(res.status).toBe(201);
    const [error] = await receiver.waitFor((h) => h.body.data.status === "ERROR", 1);
    expect(error?.body.data.keyId).toBe(res.body.key.id);
    await new Promise((r) => setTimeout(r, 60));
    expect(receiver.received.map((h) => h.body.data.status).sort()).toEqual(["ERROR", "SERVER_ACK"]);
  });

  it("may name the recipient by an @lid in receipts: only keyId matches", async () => {
    const name = await hookedInstance(["MESSAGES_UPDATE"]);
    sim.setFaults({ lidReceiptRate: 1 });
    const res = await sendText(sim, name);
    const [delivered] = await receiver.waitFor((h) => h.body.data.status === "DELIVERY_ACK", 1);
    expect(delivered?.body.data.remoteJid).toMatch(/@lid$/);
    expect(delivered?.body.data.keyId).toBe(res.body.key.id);
  });

  it("sends no receipts for groups", async () => {
    const name = await hookedInstance(["SEND_MESSAGE", "MESSAGES_UPDATE"]);
    await sendText(sim, name, "120363000000000000@g.us");
    await receiver.waitFor(ofEvent("send.message"), 1);
    await new Promise((r) => setTimeout(r, 60));
    expect(receiver.received.filter(ofEvent("messages.update"))).toHaveLength(0);
  });

  it("filters by event and appends the event to the URL with byEvents", async () => {
    const name = `by-events-${next++}`;
    sim.createInstance(name);
    await call(sim, "POST", `/webhook/set/${name}`, {
      body: { webhook: { enabled: true, url: receiver.url, events: ["SEND_MESSAGE"], byEvents: true } },
    });
    await sendText(sim, name);
    const [sent] = await receiver.waitFor(ofEvent("send.message"), 1);
    expect(sent?.path).toBe("/hook/send-message");
    await new Promise((r) => setTimeout(r, 60));
    expect(receiver.received).toHaveLength(1);
  });

  it("answers 500 TypeError when `events` is omitted", async () => {
    sim.createInstance(`no-events-${next}`);
    const res = await call(sim, "POST", `/webhook/set/no-events-${next++}`, {
      body: { webhook: { enabled: true, url: receiver.url } },
    });
    expect(res.status).toBe(500);
  });
});

describe("delivery", () => {
  it("retries a failed delivery with backoff", async () => {
    const name = await hookedInstance(["SEND_MESSAGE"]);
    receiver.failNext = 2;
    await sendText(sim, name);
    const posts = await receiver.waitFor(ofEvent("send.message"), 3);
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
  });

  it("stops at a final status (404) instead of retrying", async () => {
    const name = await hookedInstance(["SEND_MESSAGE"]);
    receiver.failStatus = 404;
    receiver.failNext = 5;
    await sendText(sim, name);
    await receiver.waitFor(ofEvent("send.message"), 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(1);
  });

  it("posts duplicates when the fault asks", async () => {
    const name = await hookedInstance(["SEND_MESSAGE"]);
    sim.setFaults({ webhookDuplicateRate: 1 });
    await sendText(sim, name);
    await receiver.waitFor(ofEvent("send.message"), 2);
  });

  it("retries a 2xx that came after the per-try timeout, so the receiver sees the event twice", async () => {
    const slow = await startEvolutionSim({ webhookBackoffScaleMs: 5, webhookTimeoutMs: 50, receipts: false });
    slow.createInstance("s");
    await setWebhook(slow, "s", receiver.url, ["SEND_MESSAGE"]);
    receiver.answerAfterMs = 100;
    await sendText(slow, "s");
    await receiver.waitFor(ofEvent("send.message"), 2);
    await slow.close();
  });
});

describe("CONNECTION_UPDATE", () => {
  it("open on connect, connecting on a drop (never close), close with 401 only on logout", async () => {
    const name = `conn-${next++}`;
    const created = await call(sim, "POST", "/instance/create", {
      body: {
        instanceName: name,
        integration: "WHATSAPP-BAILEYS",
        webhook: { enabled: true, url: receiver.url, events: ["CONNECTION_UPDATE"] },
      },
    });
    expect(created.status).toBe(201);
    await call(sim, "GET", `/instance/connect/${name}`);
    await receiver.waitFor((h) => h.body.data.state === "open", 1);
    sim.setConnected(name, false);
    await receiver.waitFor((h) => h.body.data.state === "connecting", 1);
    expect((await call(sim, "GET", `/instance/connectionState/${name}`)).body).toEqual({
      instance: { instanceName: name, state: "connecting" },
    });
    sim.setConnected(name, true);
    await receiver.waitFor((h) => h.body.data.state === "open", 2);
    expect(receiver.received.some((h) => h.body.data.state === "close")).toBe(false);
    sim.logout(name);
    const [closed] = await receiver.waitFor((h) => h.body.data.state === "close", 1);
    expect(closed?.body.data).toMatchObject({ instance: name, state: "close", statusReason: 401 });
  });
});
