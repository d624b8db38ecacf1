import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/timeline/domain-event";
import type { WebhookEventType } from "../../src/domain/webhook/webhook-event-types";
import type { Executor } from "../../src/infra/composition/create-executor";
import type { ConfigInput } from "../../src/infra/config/config";
import { verifyWebhookSignature } from "../../src/infra/webhooks/webhook-signature";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let h: Harness;
let receiver: WebhookReceiver;
const deliverers: Executor[] = [];

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    settings: {
      // The receiver listens on loopback, which production refuses (see webhook-ssrf tests).
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      WEBHOOK_MAX_ATTEMPTS: 3,
      WEBHOOK_RETRY_BASE_DELAY_MS: 10,
      WEBHOOK_RETRY_MAX_DELAY_MS: 40,
      WEBHOOK_POLL_INTERVAL_MS: 20,
      WEBHOOK_TIMEOUT_MS: 1_000,
    },
  });
  receiver = await startWebhookReceiver();
  deliverers.push(h.executor);
  h.executor.webhookDelivery.start();
});
afterAll(async () => {
  await Promise.all(deliverers.map((e) => e.webhookDelivery.stop(2_000)));
  await receiver.close();
  await h.close();
});

async function register(path: string, events: WebhookEventType[]) {
  const res = await h.request({
    method: "POST",
    url: "/v1/webhooks",
    payload: { url: `${receiver.url}${path}`, events },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; url: string; events: string[]; secret: string };
}

/** Org B cannot call the API yet (one organization until API keys): its endpoint is registered below the HTTP layer. */
function registerForOrganization(organizationId: string, path: string, events: WebhookEventType[]) {
  return h.executor.http.registerWebhook.execute({ organizationId, url: `${receiver.url}${path}`, events });
}

async function deliveries(endpointId: string) {
  const res = await h.request({ method: "GET", url: `/v1/webhooks/${endpointId}/deliveries` });
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    status: string;
    eventType: string;
    attempts: number;
    log: { attempt: number; statusCode: number | null; error: string | null }[];
  }[];
}

/** Records an event on the timeline as the executor would (any writer of the timeline fans out). */
async function happened(
  type: "MessageIntentApproved" | "MessageIntentBlocked",
  organizationId = h.organization.id,
) {
  const base = { organizationId, intentId: randomUUID(), occurredAt: new Date(), actor: "test" };
  const event: DomainEvent =
    type === "MessageIntentApproved"
      ? { ...base, type, instanceId: randomUUID(), sendAt: null }
      : { ...base, type, reason: "test" };
  await h.persistence.repos.timeline.append([event]);
  return event;
}

async function sendOneMessage(phone: string) {
  const instance = await h.request({
    method: "POST",
    url: "/v1/instances",
    payload: { name: `wh-${randomUUID().slice(0, 8)}` },
  });
  const intent = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "Olá" } },
  });
  const intentId = intent.json().id as string;
  await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId: instance.json().id },
  });
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
  return intentId;
}

describe("outbound webhooks", () => {
  it("POSTs a signed MessageSent, retried after the receiver's 500s, with every attempt in the delivery log", async () => {
    const endpoint = await register("/signed", ["MessageSent"]);
    const unsubscribed = await register("/blocked-only", ["MessageIntentBlocked"]);
    receiver.answer("/signed", [500, 500]);
    const intentId = await sendOneMessage("+55 11 99999-3001");

    const [delivery] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.status === "SUCCEEDED" ? items : undefined;
    });
    expect(delivery).toMatchObject({ eventType: "MessageSent", attempts: 3 });
    expect(delivery?.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery?.log[0]?.error).toContain("HTTP 500");
    expect(delivery?.log[2]?.error).toBeNull();

    const posts = receiver.at("/signed");
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.headers["content-type"]).toBe("application/json");
      expect(post.headers["x-whatlead-event"]).toBe("MessageSent");
      const signature = String(post.headers["x-whatlead-signature"]);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(
        verifyWebhookSignature(endpoint.secret, signature, post.body, Math.floor(Date.now() / 1000)),
      ).toBe(true);
      expect(verifyWebhookSignature("whsec_wrong", signature, post.body, Math.floor(Date.now() / 1000))).toBe(
        false,
      );
      expect(
        verifyWebhookSignature(endpoint.secret, signature, `${post.body} `, Math.floor(Date.now() / 1000)),
      ).toBe(false);
    }
    // One delivery, retried: the same id each time, so a receiver can drop duplicates.
    expect(new Set(posts.map((p) => p.headers["x-whatlead-delivery"])).size).toBe(1);
    expect(JSON.parse(posts[0]?.body ?? "")).toMatchObject({
      type: "MessageSent",
      intentId,
      data: { attempt: 1, providerMessageId: expect.any(String) },
    });
    // Subscribed to nothing that happened: no delivery owed, none made.
    expect(await deliveries(unsubscribed.id)).toEqual([]);
    expect(receiver.at("/blocked-only")).toEqual([]);
  });

  it("gives up after the last attempt and records why, for an erroring, a refusing and a silent endpoint", async () => {
    const failing = await register("/always-500", ["MessageIntentBlocked"]);
    const silent = await register("/silent", ["MessageIntentBlocked"]);
    receiver.answer("/always-500", [500, 503, 500, 500]);
    receiver.answer("/silent", ["hang", "hang", "hang"]);
    const refused = await registerForOrganization(h.organization.id, "", ["MessageIntentBlocked"]);
    await h.persistence.webhookEndpoints.delete(h.organization.id, refused.id);
    const closedPort = await h.executor.http.registerWebhook.execute({
      organizationId: h.organization.id,
      url: "http://127.0.0.1:9/closed",
      events: ["MessageIntentBlocked"],
    });
    await happened("MessageIntentBlocked");

    for (const [endpoint, expected] of [
      [failing, [500, 503, 500]],
      [silent, [null, null, null]],
      [closedPort, [null, null, null]],
    ] as const) {
      const [delivery] = await eventually(async () => {
        const items = await deliveries(endpoint.id);
        return items[0]?.status === "FAILED" ? items : undefined;
      });
      expect(delivery?.attempts).toBe(3);
      expect(delivery?.log.map((a) => a.statusCode)).toEqual(expected);
      expect(delivery?.log.every((a) => a.error !== null)).toBe(true);
    }
    const [silentDelivery] = await deliveries(silent.id);
    expect(silentDelivery?.log[0]?.error).toBe("no answer within 1000 ms");
    expect(receiver.at("/always-500")).toHaveLength(3);
  });

  it("never delivers one organization's events to another organization's endpoint", async () => {
    const ownAll = await register("/org-a", ["MessageIntentApproved", "MessageIntentBlocked"]);
    const other = await registerForOrganization("org-b", "/org-b", [
      "MessageIntentApproved",
      "MessageIntentBlocked",
    ]);
    const ours = await happened("MessageIntentApproved");
    const theirs = await happened("MessageIntentBlocked", "org-b");

    await eventually(async () =>
      receiver.at("/org-a").length === 1 && receiver.at("/org-b").length === 1 ? true : undefined,
    );
    expect(JSON.parse(receiver.at("/org-a")[0]?.body ?? "")).toMatchObject({ intentId: ours.intentId });
    expect(JSON.parse(receiver.at("/org-b")[0]?.body ?? "")).toMatchObject({ intentId: theirs.intentId });
    expect(
      verifyWebhookSignature(
        other.secret,
        String(receiver.at("/org-b")[0]?.headers["x-whatlead-signature"]),
        receiver.at("/org-b")[0]?.body ?? "",
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect((await deliveries(ownAll.id)).map((d) => d.eventType)).toEqual(["MessageIntentApproved"]);
    // Another organization's endpoint is not found through this organization's API.
    const foreign = await h.request({ method: "GET", url: `/v1/webhooks/${other.id}/deliveries` });
    expect(foreign.statusCode).toBe(404);
  });

  it("delivers each owed event exactly once while several deliverers race for the claims", async () => {
    // Racers with a timeout no loaded machine reaches, so every delivery can succeed.
    await h.executor.webhookDelivery.stop(2_000);
    const patient: ConfigInput = {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      WEBHOOK_MAX_ATTEMPTS: 3,
      WEBHOOK_RETRY_BASE_DELAY_MS: 10,
      WEBHOOK_RETRY_MAX_DELAY_MS: 40,
      WEBHOOK_POLL_INTERVAL_MS: 20,
      WEBHOOK_TIMEOUT_MS: 10_000,
    };
    for (const id of ["deliverer-2", "deliverer-3", "deliverer-4", "deliverer-5"]) {
      const executor = h.spawnExecutor(id, patient);
      deliverers.push(executor);
      executor.webhookDelivery.start();
    }
    const endpoint = await register("/race", ["MessageIntentApproved"]);
    const events = await Promise.all(Array.from({ length: 60 }, () => happened("MessageIntentApproved")));

    const owed = await eventually(async () => {
      const page = await h.request({
        method: "GET",
        url: `/v1/webhooks/${endpoint.id}/deliveries?limit=500`,
      });
      const items = page.json().items as { status: string; attempts: number; log: unknown[] }[];
      const finished = items.every((d) => d.status === "SUCCEEDED" || d.status === "FAILED");
      return items.length === events.length && finished ? items : undefined;
    }, 30_000);
    expect(owed.filter((d) => d.status !== "SUCCEEDED")).toEqual([]);
    // Every POST the receiver saw is an attempt some deliverer held the lease for and recorded.
    const posts = receiver.at("/race");
    expect(owed.every((d) => d.log.length === d.attempts)).toBe(true);
    expect(posts.length).toBeLessThanOrEqual(owed.reduce((sum, d) => sum + d.attempts, 0));
    const intents = new Set(posts.map((post) => JSON.parse(post.body).intentId as string));
    expect([...intents].sort()).toEqual(events.map((e) => e.intentId).sort());
  });
});

describe("webhook endpoints API", () => {
  it("shows the signing secret once, lists endpoints without it, and deletes them", async () => {
    const created = await register("/crud", ["MessageSent", "MessageFailed"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await h.request({ method: "GET", url: "/v1/webhooks" });
    const listed = list.json().items.find((e: { id: string }) => e.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      url: `${receiver.url}/crud`,
      events: ["MessageSent", "MessageFailed"],
      createdAt: expect.any(String),
    });
    expect(list.body).not.toContain(created.secret);

    expect((await h.request({ method: "DELETE", url: `/v1/webhooks/${created.id}` })).statusCode).toBe(204);
    const again = await h.request({ method: "DELETE", url: `/v1/webhooks/${created.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe("WEBHOOK_NOT_FOUND");
  });

  it("refuses a bad URL or an unknown event type with a 400 that says which", async () => {
    const badUrl = await h.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "ftp://x", events: ["MessageSent"] },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.message).toContain("body.url");
    const badEvent = await h.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "https://example.test/h", events: ["Nope"] },
    });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.json().error.message).toContain("MessageSent");
    const none = await h.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: "https://example.test/h", events: [] },
    });
    expect(none.statusCode).toBe(400);
  });
});
