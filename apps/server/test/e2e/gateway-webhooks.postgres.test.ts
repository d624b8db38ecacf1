import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness, TEST_WEBHOOK_SECRET } from "../support/executor-harness";

// Receipts and send reports come from the simulator over real HTTP (doubled, concurrent, unordered);
// the edge cases are posted by hand.

const INSTANCE = "hooks-1";
let h: Harness;
let instanceId: string;
let phoneSeq = 0;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    webhooks: true,
    timeoutMs: 400,
    settings: { MAX_ATTEMPTS: 3 },
    sim: { receipts: { deliveredAfterMs: 10, readAfterMs: 30 }, webhookBackoffScaleMs: 5 },
  });
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name: INSTANCE } });
  expect(res.statusCode).toBe(201);
  instanceId = res.json().id;
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clear();
  h.sim.resetFaults();
});

/** A fresh number; `silent` ones end in 0000, which the simulator treats as not on WhatsApp: no receipts. */
function newPhone(silent = false): { value: string; digits: string } {
  phoneSeq += 1;
  const digits = silent
    ? `55119${String(phoneSeq).padStart(2, "0")}0000`
    : `551198${String(phoneSeq).padStart(5, "0")}`;
  return { value: `+${digits}`, digits };
}

async function approvedIntent(phone: string, text = "Olá") {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text } },
  });
  expect(created.statusCode).toBe(201);
  const intentId = created.json().id as string;
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId },
  });
  expect(approved.statusCode).toBe(200);
  return intentId;
}

function timelineTypes(body: { timeline: { type: string }[] }): string[] {
  return body.timeline.map((t) => t.type);
}

function count(types: string[], type: string): number {
  return types.filter((t) => t === type).length;
}

/** `secret` null sends no secret header at all. */
function postWebhook(body: unknown, secret: string | null = TEST_WEBHOOK_SECRET) {
  return h.request({
    method: "POST",
    url: "/v1/webhooks/turbozap",
    headers: secret === null ? {} : { "x-webhook-secret": secret },
    payload: body as Record<string, unknown>,
  });
}

function envelope(event: string, data: Record<string, unknown>) {
  return {
    event,
    instance_id: "00000000-0000-4000-8000-000000000000",
    instance: INSTANCE,
    timestamp: new Date().toISOString(),
    data,
  };
}

const receipt = (messageId: string, status: string) =>
  envelope("message.ack", {
    message_id: messageId,
    from: "x@s.whatsapp.net",
    status,
    timestamp: new Date().toISOString(),
  });

const sendReport = (messageId: string, to: string, text: string) =>
  envelope("send.message", {
    message_id: messageId,
    from: "5511900000000",
    to,
    fromMe: true,
    type: "text",
    content: text,
    status: "sent",
    timestamp: new Date().toISOString(),
  });

async function sentIntent(silent: boolean) {
  const phone = newPhone(silent);
  const intentId = await approvedIntent(phone.value);
  await h.step();
  const body = await h.details(intentId);
  expect(body.job.status).toBe("SENT");
  return { intentId, messageId: body.job.providerMessageId as string, phone };
}

/** An attempt whose answer never came and that the gateway never reported: the send hung. */
async function unconfirmedIntent(phone: string, text: string) {
  h.sim.setFaults({ hangRate: 1 });
  const intentId = await approvedIntent(phone, text);
  await h.step();
  h.sim.resetFaults();
  expect((await h.details(intentId)).job.status).toBe("UNCONFIRMED");
  return intentId;
}

async function reconcileUntil<T>(check: () => Promise<T | undefined>): Promise<T> {
  return eventually(async () => {
    await h.executor.reconcileGatewayEvents.runOnce();
    return check();
  });
}

/** The resolution of the stored send report of `messageId`. */
async function sendReportResolution(messageId: string) {
  const kept = await h.persistence.repos.gatewayEvents.list(100);
  return kept.find((e) => e.messageId === messageId && e.kind === "send")?.resolution;
}

describe("gateway webhooks from the simulator", () => {
  it("records delivered and read once each, though every receipt comes twice and concurrently", async () => {
    const { intentId } = await sentIntent(false);
    const body = await eventually(async () => {
      const b = await h.details(intentId);
      return b.deliveredAt && b.readAt ? b : undefined;
    });
    // Let the doubled copies land too before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const types = timelineTypes(await h.details(intentId));
    expect(count(types, "MessageDelivered")).toBe(1);
    expect(count(types, "MessageRead")).toBe(1);
    expect(new Date(body.readAt).getTime()).toBeGreaterThanOrEqual(new Date(body.deliveredAt).getTime());
  });

  it("leaves a hung send UNCONFIRMED (the gateway never reports it) and keeps its receipts pending", async () => {
    const phone = newPhone();
    const intentId = await unconfirmedIntent(phone.value, "hang");
    const [send] = h.sim.sends.filter((s) => s.to === `${phone.digits}@s.whatsapp.net`);
    expect(send).toBeDefined();
    const pending = await eventually(async () => {
      const events = await h.persistence.repos.gatewayEvents.list(50);
      const mine = events.filter((e) => e.messageId === send?.messageId && e.kind === "receipt");
      return mine.length === 2 ? mine : undefined;
    });
    expect(pending.map((e) => e.resolution)).toEqual(["pending", "pending"]);
    await h.executor.reconcileGatewayEvents.runOnce();
    const body = await h.details(intentId);
    expect(body.job.status).toBe("UNCONFIRMED");
    expect(body.deliveredAt).toBeNull();
  });

  it("follows the instance's connection.update events", async () => {
    h.sim.setConnected(INSTANCE, false);
    await eventually(async () => {
      const instance = await h.persistence.repos.instances.findById(instanceId);
      return instance?.status === "disconnected" ? instance : undefined;
    });
    h.sim.setConnected(INSTANCE, true);
    const back = await eventually(async () => {
      const instance = await h.persistence.repos.instances.findById(instanceId);
      return instance?.status === "connected" ? instance : undefined;
    });
    expect(back.phoneNumber).toMatch(/^\d+$/);
  });
});

describe("gateway webhooks posted by hand", () => {
  it("answers 401 to a missing or wrong secret and changes nothing", async () => {
    const { intentId, messageId } = await sentIntent(true);
    expect((await postWebhook(receipt(messageId, "read"), null)).statusCode).toBe(401);
    const wrong = await postWebhook(receipt(messageId, "read"), `${TEST_WEBHOOK_SECRET}x`);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain(TEST_WEBHOOK_SECRET);
    // The secret is checked before the body: a malformed body with a wrong secret is still a 401.
    expect((await postWebhook({ nonsense: true }, "wrong")).statusCode).toBe(401);
    const body = await h.details(intentId);
    expect(body.readAt).toBeNull();
    expect(timelineTypes(body)).not.toContain("MessageRead");
  });

  it("answers 400 with the reason to a malformed body, and 202 to events it does not handle", async () => {
    const noMessageId = await postWebhook(envelope("message.ack", { status: "read" }));
    expect(noMessageId.statusCode).toBe(400);
    expect(noMessageId.json().error.message).toContain("data.message_id");
    const badStatus = await postWebhook(envelope("message.ack", { message_id: "3EB0X", status: "lost" }));
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.message).toContain("data.status");
    const noInstance = await postWebhook({ event: "send.message", data: {} });
    expect(noInstance.statusCode).toBe(400);
    expect(noInstance.json().error.message).toContain("body.instance");
    const badTime = await postWebhook({ ...receipt("3EB0X", "read"), timestamp: "yesterday" });
    expect(badTime.statusCode).toBe(400);

    const upsert = await postWebhook(envelope("messages.upsert", { message_id: "3EB0Y" }));
    expect(upsert.statusCode).toBe(202);
    expect(upsert.json()).toEqual({ event: "messages.upsert", result: "ignored" });
    expect((await postWebhook(receipt("3EB0Z", "unknown"))).statusCode).toBe(202);
  });

  it("records each receipt once, in any order: read before delivered, every one twice", async () => {
    const { intentId, messageId } = await sentIntent(true);
    const reads = await Promise.all([
      postWebhook(receipt(messageId, "read")),
      postWebhook({ ...receipt(messageId, "read"), event: "messages.update" }),
    ]);
    expect(reads.map((r) => r.json().result).sort()).toEqual(["accepted", "duplicate"]);
    await eventually(async () => ((await h.details(intentId)).readAt ? true : undefined));
    const delivered = await Promise.all([
      postWebhook(receipt(messageId, "delivered")),
      postWebhook(receipt(messageId, "delivered")),
    ]);
    expect(delivered.map((r) => r.json().result).sort()).toEqual(["accepted", "duplicate"]);
    expect((await postWebhook(receipt(messageId, "played"))).json().result).toBe("accepted");

    const body = await eventually(async () => {
      const b = await h.details(intentId);
      return b.deliveredAt && b.playedAt ? b : undefined;
    });
    expect(body.readAt).not.toBeNull();
    const types = timelineTypes(body);
    expect(count(types, "MessageRead")).toBe(1);
    expect(count(types, "MessageDelivered")).toBe(1);
    expect(count(types, "MessagePlayed")).toBe(1);
    expect(types.indexOf("MessageRead")).toBeLessThan(types.indexOf("MessageDelivered"));
  });

  it("stores a send report and settles it without a look when a job already carries its message id", async () => {
    const { intentId, messageId, phone } = await sentIntent(true);
    const res = await postWebhook(sendReport(messageId, phone.digits, "Olá"));
    expect(res.statusCode).toBe(200);
    // The simulator reports its sends too: ours may come second.
    expect(["accepted", "duplicate"]).toContain(res.json().result);
    // The receipt applier, woken by the store, settles it; no reconciler pass is needed.
    await eventually(async () => ((await sendReportResolution(messageId)) === "settled" ? true : undefined));
    expect((await postWebhook(sendReport(messageId, phone.digits, "Olá"))).json().result).toBe("duplicate");
    expect(count(timelineTypes(await h.details(intentId)), "MessageConfirmedByGateway")).toBe(0);
  });

  it("keeps a receipt for an unknown message id, and applies it once a confirmed send carries that id", async () => {
    const phone = newPhone(true);
    const intentId = await unconfirmedIntent(phone.value, "later");
    const messageId = "3EB0AAAAAAAAAAAAAAAAA1";
    expect((await postWebhook(receipt(messageId, "delivered"))).json().result).toBe("accepted");
    await eventually(async () => {
      const kept = await h.persistence.repos.gatewayEvents.list(100);
      return kept.find((e) => e.messageId === messageId)?.resolution === "pending" ? true : undefined;
    });

    const confirmed = await postWebhook(sendReport(messageId, phone.digits, "later"));
    expect(confirmed.json().result).toBe("accepted");
    await eventually(async () => ((await sendReportResolution(messageId)) === "pending" ? true : undefined));
    await h.executor.reconcileGatewayEvents.runOnce();
    expect(await sendReportResolution(messageId)).toBe("settled");
    const afterConfirm = await h.details(intentId);
    expect(afterConfirm).toMatchObject({
      status: "SENT",
      job: { status: "SENT", providerMessageId: messageId },
    });
    expect(afterConfirm.deliveredAt).toBeNull();

    const body = await reconcileUntil(async () => {
      const b = await h.details(intentId);
      return b.deliveredAt ? b : undefined;
    });
    expect(count(timelineTypes(body), "MessageDelivered")).toBe(1);
    const kept = (await h.persistence.repos.gatewayEvents.list(100)).filter((e) => e.messageId === messageId);
    expect(kept.map((e) => e.resolution)).toEqual(["settled", "settled"]);
    expect(count(timelineTypes(body), "MessageConfirmedByGateway")).toBe(1);
    // A second report of the same send changes nothing.
    expect((await postWebhook(sendReport(messageId, phone.digits, "later"))).json().result).toBe("duplicate");
  });

  it("does not guess: two identical unconfirmed sends to one number stay UNCONFIRMED", async () => {
    const phone = newPhone(true);
    const first = await unconfirmedIntent(phone.value, "same");
    const second = await unconfirmedIntent(phone.value, "same");
    const res = await postWebhook(sendReport("3EB0AAAAAAAAAAAAAAAAA2", phone.digits, "same"));
    expect(res.json().result).toBe("accepted");
    const other = await postWebhook(sendReport("3EB0AAAAAAAAAAAAAAAAA3", phone.digits, "different text"));
    expect(other.json().result).toBe("accepted");
    const settled = async () => [
      await sendReportResolution("3EB0AAAAAAAAAAAAAAAAA2"),
      await sendReportResolution("3EB0AAAAAAAAAAAAAAAAA3"),
    ];
    const looking = (r: string | undefined) => r === "received" || r === "pending";
    await reconcileUntil(async () => ((await settled()).some(looking) ? undefined : true));
    expect(await settled()).toEqual(["ambiguous", "unmatched"]);
    for (const intentId of [first, second])
      expect((await h.details(intentId)).job.status).toBe("UNCONFIRMED");
  });
});
