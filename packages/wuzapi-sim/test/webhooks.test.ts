import { type Receiver, startReceiver } from "@whatlead/sim-kit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWuzapiSim, type WuzapiSim } from "../src/index";
import { call, sendText } from "./helpers";

let sim: WuzapiSim;
let receiver: Receiver;

beforeAll(async () => {
  sim = await startWuzapiSim({ receipts: { deliveredAfterMs: 10, readAfterMs: 30 } });
});
afterAll(() => sim.close());
beforeEach(async () => {
  receiver = await startReceiver();
  sim.resetFaults();
});
afterEach(() => receiver.close());

let next = 0;
async function hookedUser(): Promise<string> {
  const { token } = sim.createInstance(`hooked-${next++}`);
  await call(sim, "POST", "/webhook", { token, body: { webhookurl: receiver.url, events: ["ReadReceipt"] } });
  return token;
}

const settle = () => new Promise((r) => setTimeout(r, 80));

describe("ReadReceipt webhooks", () => {
  it("posts a form with jsonData and the user's token: Delivered then Read, never an echo of the send", async () => {
    const token = await hookedUser();
    const res = await sendText(sim, token);
    const hooks = await receiver.waitFor(() => true, 2);
    await settle();
    expect(receiver.received).toHaveLength(2);
    for (const hook of hooks) {
      expect(hook.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(hook.body.token).toBe(token);
    }
    const payloads = hooks.map((h) => JSON.parse(h.body.jsonData));
    expect(payloads.map((p) => [p.type, p.state, p.event.Type]).sort()).toEqual([
      ["ReadReceipt", "Delivered", ""],
      ["ReadReceipt", "Read", "read"],
    ]);
    for (const payload of payloads) {
      expect(payload.event.MessageIDs).toEqual([res.body.data.Id]);
      expect(payload.event.Chat).toBe("5511999999999@s.whatsapp.net");
      expect(payload.event.Sender).toMatch(/^5511999999999:\d+@s\.whatsapp\.net$/);
    }
  });

  it("batches the ids of one chat that fall due together", async () => {
    const batching = await startWuzapiSim({
      receipts: { deliveredAfterMs: 10, readAfterMs: 400 },
      receiptBatchWindowMs: 150,
    });
    const { token } = batching.createInstance("batching");
    await call(batching, "POST", "/webhook", { token, body: { webhookurl: receiver.url } });
    const [a, b] = await Promise.all([sendText(batching, token), sendText(batching, token)]);
    const [delivered] = await receiver.waitFor((h) => JSON.parse(h.body.jsonData).state === "Delivered", 1);
    const ids = JSON.parse(delivered?.body.jsonData).event.MessageIDs;
    expect(ids.sort()).toEqual([a?.body.data.Id, b?.body.data.Id].sort());
    await batching.close();
  });

  it("sends no receipt for a number not on WhatsApp nor for a failed send", async () => {
    const token = await hookedUser();
    expect((await sendText(sim, token, { Phone: "5511999990000" })).status).toBe(200);
    sim.setFaults({ error500Rate: 1 });
    await sendText(sim, token);
    await settle();
    expect(receiver.received).toHaveLength(0);
  });

  it("never retries a failed delivery", async () => {
    const token = await hookedUser();
    receiver.failNext = 5;
    await sendText(sim, token);
    await receiver.waitFor(() => true, 2);
    await settle();
    expect(receiver.received).toHaveLength(2);
  });

  it("may name the chat by an @lid", async () => {
    const token = await hookedUser();
    sim.setFaults({ lidReceiptRate: 1 });
    await sendText(sim, token);
    const [hook] = await receiver.waitFor(() => true, 1);
    expect(JSON.parse(hook?.body.jsonData).event.Chat).toMatch(/@lid$/);
  });

  it("uses the event filter taken at /session/connect", async () => {
    const { token } = sim.createInstance(`filtered-${next++}`, { connected: false });
    await call(sim, "POST", "/webhook", { token, body: { webhookurl: receiver.url } });
    await call(sim, "POST", "/session/connect", { token, body: { Subscribe: ["Message"], Immediate: true } });
    await sendText(sim, token);
    await settle();
    expect(receiver.received).toHaveLength(0);
    expect((await call(sim, "GET", "/webhook", { token })).body.data).toEqual({
      webhook: receiver.url,
      subscribe: ["Message"],
    });
  });
});
