import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../src/infra/webhooks/webhook-signature";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let h: Harness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await startHarness({
    database: "pglite",
    settings: {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
      WEBHOOK_RETRY_BASE_DELAY_MS: 10,
      WEBHOOK_RETRY_MAX_DELAY_MS: 40,
      WEBHOOK_POLL_INTERVAL_MS: 20,
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

it("fans out, signs and retries deliveries on the embedded database too", async () => {
  const res = await h.request({
    method: "POST",
    url: "/v1/webhooks",
    payload: { url: `${receiver.url}/hook`, events: ["MessageIntentBlocked"] },
  });
  const endpoint = res.json() as { id: string; secret: string };
  receiver.answer("/hook", [502]);
  const intentId = randomUUID();
  await h.persistence.repos.timeline.append([
    {
      type: "MessageIntentCreated",
      organizationId: h.organization.id,
      intentId,
      occurredAt: new Date(),
      actor: "t",
    },
    {
      type: "MessageIntentBlocked",
      organizationId: h.organization.id,
      intentId,
      occurredAt: new Date(),
      actor: "t",
      reason: "opted out",
    },
  ]);

  await eventually(async () => (receiver.at("/hook").length === 2 ? true : undefined));
  const [, accepted] = receiver.at("/hook");
  expect(JSON.parse(accepted?.body ?? "")).toMatchObject({
    type: "MessageIntentBlocked",
    intentId,
    data: { reason: "opted out" },
  });
  const signature = String(accepted?.headers["x-whatlead-signature"]);
  expect(
    verifyWebhookSignature(endpoint.secret, signature, accepted?.body ?? "", Math.floor(Date.now() / 1000)),
  ).toBe(true);
  const log = await eventually(async () => {
    const items = (await h.request({ method: "GET", url: `/v1/webhooks/${endpoint.id}/deliveries` })).json()
      .items;
    return items[0]?.status === "SUCCEEDED" ? items : undefined;
  });
  expect(log).toHaveLength(1);
  expect(log[0].log.map((a: { statusCode: number }) => a.statusCode)).toEqual([502, 200]);
});
