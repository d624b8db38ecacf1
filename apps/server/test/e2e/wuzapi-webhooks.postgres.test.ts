import type { WuzapiSim } from "@whatlead/wuzapi-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wuzapiUserToken } from "../../src/infra/providers/wuzapi/wuzapi-user-token";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// wuzapi's ReadReceipt form webhooks from its simulator over real HTTP, authenticated by the user's token.

const INSTANCE = "wz-hooks";
let h: Harness;
let wuzapi: WuzapiSim;
let instanceId: string;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    webhooks: true,
    allGateways: true,
    timeoutMs: 400,
    settings: { PER_INSTANCE_CONCURRENCY: 0 },
    sim: { receipts: { deliveredAfterMs: 10, readAfterMs: 30 } },
  });
  wuzapi = h.others?.wuzapi as WuzapiSim;
  const res = await h.request({
    method: "POST",
    url: "/v1/instances",
    payload: { name: INSTANCE, provider: "wuzapi" },
  });
  expect(res.statusCode).toBe(201);
  instanceId = res.json().id;
});
afterAll(() => h.close());

async function sentIntents(phones: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const phone of phones) {
    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "Olá" } },
    });
    ids.push(created.json().id);
    await h.request({
      method: "POST",
      url: `/v1/intents/${created.json().id}/approve`,
      payload: { instanceId },
    });
  }
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
  return ids;
}

async function details(intentId: string) {
  return (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json();
}

function postForm(fields: Record<string, string>) {
  return h.request({
    method: "POST",
    url: "/v1/webhooks/wuzapi",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });
}

describe("wuzapi webhooks", () => {
  it("records Delivered and Read for every id of a receipt, once each", async () => {
    const ids = await sentIntents(["+5511966600001", "+5511966600002"]);
    for (const intentId of ids) {
      const body = await eventually(async () => {
        const b = await details(intentId);
        return b.deliveredAt && b.readAt ? b : undefined;
      });
      expect(body.job.provider).toBe("wuzapi");
      expect(body.timeline.filter((t: { type: string }) => t.type === "MessageRead")).toHaveLength(1);
    }
    expect(wuzapi.sends).toHaveLength(2);
  });

  it("refuses a token not made with our admin token (401) and a malformed event (400)", async () => {
    const event = JSON.stringify({ type: "ReadReceipt", state: "Read", event: { MessageIDs: ["x"] } });
    expect(
      (await postForm({ jsonData: event, token: wuzapiUserToken("another-admin-token", INSTANCE) }))
        .statusCode,
    ).toBe(401);
    expect((await postForm({ jsonData: event, token: "no-dot-here" })).statusCode).toBe(401);
    const token = wuzapiUserToken(wuzapi.adminToken, INSTANCE);
    const malformed = await postForm({
      jsonData: JSON.stringify({ type: "ReadReceipt", state: "Read", event: {} }),
      token,
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain("MessageIDs");
    expect((await postForm({ jsonData: "{not json", token })).statusCode).toBe(400);
  });

  it("ignores what is not a receipt of the recipient (202)", async () => {
    const token = wuzapiUserToken(wuzapi.adminToken, INSTANCE);
    const readSelf = JSON.stringify({ type: "ReadReceipt", state: "ReadSelf", event: { MessageIDs: ["x"] } });
    expect((await postForm({ jsonData: readSelf, token })).statusCode).toBe(202);
  });
});
