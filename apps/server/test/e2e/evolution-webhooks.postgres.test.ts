import type { EvolutionSim } from "@whatlead/evolution-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { derivedSecret } from "../../src/infra/providers/derived-secret";
import { eventually, type Harness, startHarness, TEST_WEBHOOK_SECRET } from "../support/executor-harness";

// Evolution's events from its simulator over real HTTP: receipts by keyId, SEND_MESSAGE settling a
// send whose answer was lost, and the secret header.

const INSTANCE = "evo-hooks";
let h: Harness;
let evolution: EvolutionSim;
let instanceId: string;
let phoneSeq = 0;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    webhooks: true,
    allGateways: true,
    timeoutMs: 400,
    settings: { MAX_ATTEMPTS: 3, PER_INSTANCE_CONCURRENCY: 0 },
    sim: { receipts: { deliveredAfterMs: 10, readAfterMs: 30 } },
  });
  evolution = h.others?.evolution as EvolutionSim;
  const res = await h.request({
    method: "POST",
    url: "/v1/instances",
    payload: { name: INSTANCE, provider: "evolution" },
  });
  expect(res.statusCode).toBe(201);
  instanceId = res.json().id;
});
afterAll(() => h.close());
beforeEach(() => {
  evolution.clear();
  evolution.resetFaults();
});

function newPhone(): { value: string; digits: string } {
  phoneSeq += 1;
  const digits = `551197${String(phoneSeq).padStart(5, "0")}`;
  return { value: `+${digits}`, digits };
}

async function approvedIntent(phone: string, text: string) {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text } },
  });
  const intentId = created.json().id as string;
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId },
  });
  expect(approved.statusCode).toBe(200);
  return intentId;
}

async function step() {
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
}

async function details(intentId: string) {
  return (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json();
}

describe("Evolution webhooks", () => {
  it("records DELIVERY_ACK and READ by keyId, once each", async () => {
    const phone = newPhone();
    const intentId = await approvedIntent(phone.value, "Olá");
    await step();
    const body = await eventually(async () => {
      const b = await details(intentId);
      return b.deliveredAt && b.readAt ? b : undefined;
    });
    expect(body.job.providerMessageId).toBe(evolution.sends[0]?.messageId);
    const types = body.timeline.map((t: { type: string }) => t.type);
    expect(types.filter((t: string) => t === "MessageDelivered")).toHaveLength(1);
  });

  it("records receipts whose remoteJid is an @lid (matched on keyId alone)", async () => {
    evolution.setFaults({ lidReceiptRate: 1 });
    const intentId = await approvedIntent(newPhone().value, "lid");
    await step();
    await eventually(async () => ((await details(intentId)).readAt ? true : undefined));
  });

  it("records a server refusal after PENDING (ERROR) as MessageRejected, once, and tells subscribers", async () => {
    evolution.setFaults({ lateErrorRate: 1 });
    const phone = newPhone();
    const intentId = await approvedIntent(phone.value, "Olá de novo");
    await step();
    const body = await eventually(async () => {
      const b = await details(intentId);
      return b.rejectedAt ? b : undefined;
    });
    expect(body.status).toBe("SENT");
    expect(body.deliveredAt).toBeNull();
    const rejected = body.timeline.filter((t: { type: string }) => t.type === "MessageRejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0].data.providerMessageId).toBe(evolution.sends[0]?.messageId);
    const subscribable = await h.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "https://hooks.example.com/rejections", events: ["MessageRejected"] },
    });
    expect(subscribable.statusCode).toBe(201);
  });

  it("refuses a wrong secret with 401 and a malformed body with 400", async () => {
    const wrong = await h.request({
      method: "POST",
      url: "/v1/webhooks/evolution",
      headers: { "x-webhook-secret": "not-the-secret-at-all" },
      payload: { event: "messages.update", instance: INSTANCE, data: { keyId: "x", status: "READ" } },
    });
    expect(wrong.statusCode).toBe(401);
    const malformed = await h.request({
      method: "POST",
      url: "/v1/webhooks/evolution",
      headers: { "x-webhook-secret": TEST_WEBHOOK_SECRET },
      payload: { event: "messages.update", instance: INSTANCE, data: { status: "READ" } },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain("data.keyId");
    // A send time past year 9999 is no date: refused before the inbox it shares with other posts.
    const noDate = await h.request({
      method: "POST",
      url: "/v1/webhooks/evolution",
      headers: { "x-webhook-secret": TEST_WEBHOOK_SECRET },
      payload: {
        event: "send.message",
        instance: INSTANCE,
        data: { key: { id: "3EB0FAR", remoteJid: "5511900000000@s.whatsapp.net" }, messageTimestamp: 9e15 },
      },
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain("data.messageTimestamp");
  });

  it("marks the instance disconnected on a close with statusReason 401", async () => {
    evolution.logout(INSTANCE);
    await eventually(async () => {
      const list = (await h.request({ method: "GET", url: "/v1/instances" })).json();
      const found = (list.items ?? list).find((i: { id: string }) => i.id === instanceId);
      return found?.status === "disconnected" ? true : undefined;
    });
  });
});

describe("Evolution instance token (hash)", () => {
  async function stateWith(name: string, apikey: string): Promise<number> {
    const res = await fetch(`${evolution.url}/instance/connectionState/${name}`, { headers: { apikey } });
    return res.status;
  }

  it("creates our instances with a token of ours, which the API never shows", async () => {
    const token = derivedSecret(evolution.apiKey, "evolution-instance", INSTANCE);
    expect(await stateWith(INSTANCE, token)).toBe(200);
    expect(await stateWith(INSTANCE, derivedSecret("another-key", "evolution-instance", INSTANCE))).toBe(401);
    const listed = await h.request({ method: "GET", url: "/v1/instances" });
    expect(listed.body).not.toContain(token);
  });

  it("still sends through an instance created elsewhere, whose hash we cannot know (global key)", async () => {
    const { apiKey: theirs } = evolution.createInstance("evo-elsewhere", { connected: true });
    const res = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "evo-elsewhere", provider: "evolution" },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe("connected");
    expect(res.body).not.toContain(theirs);
    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: newPhone().value }, type: "TEXT", payload: { text: "oi" } },
    });
    await h.request({
      method: "POST",
      url: `/v1/intents/${created.json().id}/approve`,
      payload: { instanceId: res.json().id },
    });
    await step();
    const body = await eventually(async () => {
      const b = await details(created.json().id);
      return b.readAt ? b : undefined;
    });
    expect(body.status).toBe("SENT");
    expect(evolution.sends.filter((s) => s.instance === "evo-elsewhere")).toHaveLength(1);
  });
});
