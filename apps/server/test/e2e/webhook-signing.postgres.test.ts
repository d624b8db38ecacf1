import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../src/infra/webhooks/webhook-signature";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { recordBlockedIntent } from "../support/record-blocked-intent";
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../support/webhook-receiver";

let h: Harness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    // The receiver listens on loopback, which production refuses (see webhook-ssrf tests).
    settings: {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      WEBHOOK_POLL_INTERVAL_MS: 20,
      WEBHOOK_TIMEOUT_MS: 2_000,
    },
  });
  receiver = await startWebhookReceiver();
  h.executor.webhookDelivery.start();
});
afterAll(async () => {
  await h.executor.webhookDelivery.stop(2_000);
  await receiver.close();
  await h.close();
});

async function register(path: string): Promise<{ id: string; secret: string }> {
  const res = await h.request({
    method: "POST",
    url: "/v1/webhooks",
    payload: { url: `${receiver.url}${path}`, events: ["MessageIntentBlocked"] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Records an event and waits for the `n`th POST at `path`. */
async function nextDelivery(path: string): Promise<ReceivedWebhook> {
  const before = receiver.at(path).length;
  await recordBlockedIntent(h, h.organization.id);
  return eventually(async () => receiver.at(path)[before]);
}

/** What a receiver using the official Standard Webhooks library does with a delivery. */
function standardVerifies(secret: string, post: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(post.body, post.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

const whatleadVerifies = (secret: string, post: ReceivedWebhook) =>
  verifyWebhookSignature(
    secret,
    String(post.headers["x-whatlead-signature"]),
    post.body,
    Math.floor(Date.now() / 1000),
  );

describe("deliveries signed for off-the-shelf verifiers (Standard Webhooks)", () => {
  it("issues a whsec_ base64 secret that the standardwebhooks package verifies, and keeps X-WhatLead-Signature", async () => {
    const endpoint = await register("/standard");
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const post = await nextDelivery("/standard");
    expect(post.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(standardVerifies(endpoint.secret, post)).toBe(true);
    expect(whatleadVerifies(endpoint.secret, post)).toBe(true);
    expect(standardVerifies(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, post)).toBe(false);
    expect(standardVerifies(endpoint.secret, { ...post, body: `${post.body} ` })).toBe(false);
  });

  it("signs with a secret of the older whsec_<hex> form so that Standard Webhooks libraries verify it too", async () => {
    const id = randomUUID();
    const secret = `whsec_${"ab12".repeat(16)}`;
    await h.persistence.webhookEndpoints.insert({
      id,
      organizationId: h.organization.id,
      url: `${receiver.url}/legacy`,
      events: ["MessageIntentBlocked"],
      secret,
      createdAt: new Date(),
    });
    const post = await nextDelivery("/legacy");
    expect(standardVerifies(secret, post)).toBe(true);
    expect(whatleadVerifies(secret, post)).toBe(true);
  });

  it("rotates: both secrets sign during the grace period, only the new one after it", async () => {
    const endpoint = await register("/rotating");
    const rotated = await h.request({
      method: "POST",
      url: `/v1/webhooks/${endpoint.id}/rotate-secret`,
      payload: { gracePeriodSeconds: 3600 },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret: newSecret, previousSecretExpiresAt } = rotated.json();
    expect(newSecret).not.toBe(endpoint.secret);
    expect(new Date(previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    const during = await nextDelivery("/rotating");
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(standardVerifies(newSecret, during)).toBe(true);
    expect(standardVerifies(endpoint.secret, during)).toBe(true);
    expect(whatleadVerifies(newSecret, during)).toBe(true);
    expect(whatleadVerifies(endpoint.secret, during)).toBe(true);

    const again = await h.request({
      method: "POST",
      url: `/v1/webhooks/${endpoint.id}/rotate-secret`,
      payload: { gracePeriodSeconds: 0 },
    });
    const newest = again.json().secret as string;
    const after = await nextDelivery("/rotating");
    expect(standardVerifies(newest, after)).toBe(true);
    expect(standardVerifies(newSecret, after)).toBe(false);
    expect(standardVerifies(endpoint.secret, after)).toBe(false);
    expect(whatleadVerifies(newSecret, after)).toBe(false);
  });

  it("rotating another organization's endpoint, or with a grace period past seven days, is refused", async () => {
    const endpoint = await register("/theirs");
    const b = await h.createOrganization("org-b");
    const stolen = await b.request({
      method: "POST",
      url: `/v1/webhooks/${endpoint.id}/rotate-secret`,
      payload: {},
    });
    expect(stolen.statusCode, stolen.body).toBe(404);
    const tooLong = await h.request({
      method: "POST",
      url: `/v1/webhooks/${endpoint.id}/rotate-secret`,
      payload: { gracePeriodSeconds: 8 * 24 * 3600 },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain("gracePeriodSeconds");
  });
});
