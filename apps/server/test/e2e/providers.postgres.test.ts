import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LoggedSend } from "@whatlead/sim-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wuzapiUserToken } from "../../src/infra/providers/wuzapi/wuzapi-user-token";
import type { LookupAddresses } from "../../src/infra/webhooks/webhook-target-guard";
import { eventually, type Harness, simOf, startHarness } from "../support/executor-harness";
import { testSettings } from "../support/test-settings";

// One end-to-end suite over the three providers, each through its simulator over real HTTP, on
// PostgreSQL: every message type, receipts reaching the intent, an UNCONFIRMED send settled by the
// gateway's own events, a disconnected number held without spending an attempt, and no duplicate.

/** The media host: on loopback, named so that the outbound SSRF guard lets it through (see media-fetcher.test.ts). */
const MEDIA_HOST = "media.test";
const lookup: LookupAddresses = async (name) => {
  if (name !== MEDIA_HOST)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return [{ address: "127.0.0.1", family: 4 }];
};
const FILES: Record<string, { type: string; bytes: Buffer }> = {
  "/photo.png": {
    type: "image/png",
    bytes: Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
      "base64",
    ),
  },
  "/price-list.pdf": { type: "application/pdf", bytes: Buffer.from("%PDF-1.4 price list") },
  "/clip.mp4": { type: "video/mp4", bytes: Buffer.from("....ftypisom video bytes") },
  "/voice.ogg": { type: "audio/ogg", bytes: Buffer.from("OggS voice note") },
};

const { MAX_ATTEMPTS } = testSettings();
let h: Harness;
let media: Server;
let mediaBase: string;

beforeAll(async () => {
  media = createServer((req, res) => {
    if (req.url === "/busy.png") return res.writeHead(503).end("try later");
    const file = FILES[req.url ?? ""];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": file.type }).end(file.bytes);
  });
  await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
  mediaBase = `http://${MEDIA_HOST}:${(media.address() as AddressInfo).port}`;
  h = await startHarness({
    database: "postgres",
    allGateways: true,
    webhooks: true,
    webhookLookup: lookup,
    sim: { receipts: { deliveredAfterMs: 20, readAfterMs: 60 }, webhookBackoffScaleMs: 5 },
    settings: {
      PER_INSTANCE_CONCURRENCY: 0,
      WEBHOOK_ALLOWED_HOSTS: MEDIA_HOST,
      GATEWAY_RECONCILE_INTERVAL_MS: 100,
      HOLD_PROBE_INTERVAL_MS: 20,
      HOLD_PROBE_BASE_DELAY_MS: 20,
      HOLD_PROBE_MAX_DELAY_MS: 100,
    },
  });
  // Kept reports settle lost answers; held numbers are probed, as in a running process.
  h.executor.gatewayReconciler.start();
  h.executor.maintenance.start();
});
afterAll(async () => {
  await h.executor.gatewayReconciler.stop();
  await h.close();
  await new Promise<void>((resolve) => media.close(() => resolve()));
});

/** What each simulator shares: its send log, its faults and a number's socket. */
interface SimUnderTest {
  sends: readonly (LoggedSend & { messageId: string; to: string })[];
  setFaults(faults: { resetAfterSendRate: number }): void;
  setConnected(name: string, connected: boolean): void;
}

function simUnderTest(provider: string): SimUnderTest {
  return simOf(h, provider);
}

async function step() {
  await h.executor.worker.runOnce();
  await h.executor.worker.idle();
}

type Content = { type: string; payload: Record<string, unknown> };

async function approve(instanceId: string, phone: string, content: Content): Promise<string> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, ...content },
  });
  expect(created.statusCode, created.body).toBe(201);
  const intentId = created.json().id as string;
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${intentId}/approve`,
    payload: { instanceId },
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return intentId;
}

async function timelineTypes(intentId: string): Promise<string[]> {
  return (await h.details(intentId)).timeline.map((entry: { type: string }) => entry.type);
}

describe.each([
  ["turbozap", "TurboZap", "5511999992001"],
  ["evolution", "Evolution", "5511999992002"],
  ["wuzapi", "WUZAPI", "5511999992003"],
])("provider %s, end to end", (provider, spelled, phone) => {
  const name = `shop-${provider}`;
  let instanceId: string;
  /** Every intent this provider's tests approved that must end SENT. */
  const sentIntents: string[] = [];
  const sendsToLead = () => simUnderTest(provider).sends.filter((s) => s.to.startsWith(phone));

  async function sendAndExpectSent(content: Content): Promise<{ intentId: string; messageId: string }> {
    const intentId = await approve(instanceId, phone, content);
    await step();
    const body = await h.details(intentId);
    expect(body.status, JSON.stringify(body.job?.lastError)).toBe("SENT");
    sentIntents.push(intentId);
    return { intentId, messageId: body.job.providerMessageId };
  }

  it(`registers an instance with provider "${spelled}" (any letter case), connected`, async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name, provider: spelled },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name, provider, status: "connected" });
    instanceId = res.json().id;
  });

  it("sends each message type: SENT with the id of exactly one send on that gateway", async () => {
    const text = await sendAndExpectSent({ type: "TEXT", payload: { text: "Olá" } });
    const contents: Content[] = [
      {
        type: "MEDIA",
        payload: { mediaUrl: `${mediaBase}/photo.png`, mimeType: "image/png", caption: "the photo" },
      },
      { type: "MEDIA", payload: { mediaUrl: `${mediaBase}/clip.mp4`, mimeType: "video/mp4" } },
      {
        type: "MEDIA",
        payload: {
          mediaUrl: `${mediaBase}/price-list.pdf`,
          mimeType: "application/pdf",
          fileName: "prices.pdf",
        },
      },
      { type: "AUDIO", payload: { audioUrl: `${mediaBase}/voice.ogg`, ptt: true } },
    ];
    for (const content of contents) {
      const { messageId } = await sendAndExpectSent(content);
      expect(sendsToLead().filter((s) => s.messageId === messageId)).toHaveLength(1);
    }
    // A reaction goes out under its target's id on wuzapi; on the others it has its own.
    const reaction = await sendAndExpectSent({
      type: "REACTION",
      payload: { messageRef: text.messageId, emoji: "👍" },
    });
    expect(reaction.messageId).toBeTruthy();
    expect(sendsToLead()).toHaveLength(contents.length + 2);
  });

  if (provider === "wuzapi")
    it("sends the media's own bytes, fetched by the executor, as the data URL each wuzapi handler takes", () => {
      const bodies = sendsToLead().map((s) => (s as unknown as { body: Record<string, string> }).body);
      const decoded = (dataUrl: string | undefined) => Buffer.from(dataUrl?.split(",")[1] ?? "", "base64");
      const image = bodies.find((b) => b.Image);
      expect(image?.Image).toMatch(/^data:image\/png;base64,/);
      expect(decoded(image?.Image)).toEqual(FILES["/photo.png"]?.bytes);
      expect(image?.Caption).toBe("the photo");
      expect(bodies.find((b) => b.Video)?.Video).toMatch(/^data:video\/mp4;base64,/);
      const document = bodies.find((b) => b.Document);
      expect(document?.Document).toMatch(/^data:application\/octet-stream;base64,/);
      expect(decoded(document?.Document)).toEqual(FILES["/price-list.pdf"]?.bytes);
      expect(document?.FileName).toBe("prices.pdf");
      expect(decoded(bodies.find((b) => b.Audio)?.Audio)).toEqual(FILES["/voice.ogg"]?.bytes);
    });

  if (provider === "wuzapi")
    it("sends nothing when the media cannot be fetched: FAILED for good, retried when the host may recover", async () => {
      const before = sendsToLead().length;
      const cases: [string, string, string][] = [
        [`${mediaBase}/missing.png`, "FAILED", "MEDIA_NOT_AVAILABLE"],
        ["http://127.0.0.1:9/inside.png", "FAILED", "MEDIA_URL_REFUSED"],
        [`${mediaBase}/busy.png`, "RETRY", "MEDIA_HOST_ERROR"],
      ];
      for (const [mediaUrl, status, code] of cases) {
        const intentId = await approve(instanceId, phone, {
          type: "MEDIA",
          payload: { mediaUrl, mimeType: "image/png" },
        });
        await step();
        const { job } = await h.details(intentId);
        expect([job.status, job.lastError?.code], mediaUrl).toEqual([status, code]);
        // The retried one must not be sent by a later step of this suite.
        if (status === "RETRY")
          await h.request({ method: "POST", url: `/v1/jobs/${job.id}/cancel`, payload: {} });
      }
      expect(sendsToLead()).toHaveLength(before);
    });

  it("records the gateway's receipts on the intent: delivered, then read", async () => {
    const { intentId } = await sendAndExpectSent({ type: "TEXT", payload: { text: "did it arrive?" } });
    const intent = await eventually(async () => {
      const body = await h.details(intentId);
      return body.deliveredAt && body.readAt ? body : undefined;
    });
    expect(new Date(intent.readAt).getTime()).toBeGreaterThanOrEqual(new Date(intent.deliveredAt).getTime());
    expect(await timelineTypes(intentId)).toEqual(
      expect.arrayContaining(["MessageDelivered", "MessageRead"]),
    );
  });

  it("settles a send whose answer was lost by the gateway's own report, without sending again", async () => {
    const sim = simUnderTest(provider);
    sim.setFaults({ resetAfterSendRate: 1 });
    const intentId = await approve(instanceId, phone, { type: "TEXT", payload: { text: "answer lost" } });
    try {
      await step();
    } finally {
      sim.setFaults({ resetAfterSendRate: 0 });
    }
    // Its receipts, kept while no job carried its id, follow the confirmation.
    const settled = await eventually(async () => {
      const body = await h.details(intentId);
      return body.status === "SENT" && body.deliveredAt ? body : undefined;
    });
    sentIntents.push(intentId);
    const types = await timelineTypes(intentId);
    const order = ["MessageUnconfirmed", "MessageConfirmedByGateway", "MessageDelivered"].map((type) =>
      types.indexOf(type),
    );
    expect(
      order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0))),
      types.join(),
    ).toBe(true);
    expect(types.filter((type) => type === "MessageConfirmedByGateway")).toHaveLength(1);
    expect(settled.job.attempts).toBe(1);
    // wuzapi took our own id, stored before the request left: the receipt for it settled the send.
    if (provider === "wuzapi") expect(settled.job.providerMessageId).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(sendsToLead().filter((s) => s.messageId === settled.job.providerMessageId)).toHaveLength(1);
  });

  it("holds a disconnected number without spending an attempt, and sends once it is back", async () => {
    const sim = simUnderTest(provider);
    sim.setConnected(name, false);
    const intentId = await approve(instanceId, phone, { type: "TEXT", payload: { text: "held" } });
    await step();
    // Held before any send where the gateway reports the drop, by the send's answer where it cannot
    // (wuzapi): either way the attempt is given back, so the budget left is whole.
    const held = await h.details(intentId);
    expect(held.status).not.toBe("SENT");
    expect(held.job.maxAttempts - held.job.attempts).toBe(MAX_ATTEMPTS);
    const instance = (await h.request({ method: "GET", url: `/v1/instances/${instanceId}` })).json();
    expect(instance.hold).toMatchObject({ code: expect.any(String) });
    const before = sendsToLead().length;
    sim.setConnected(name, true);
    // Lifted by the gateway's connection event or by the hold prober, whichever the gateway allows.
    await eventually(async () => {
      const body = (await h.request({ method: "GET", url: `/v1/instances/${instanceId}` })).json();
      return body.hold === null ? true : undefined;
    });
    await step();
    const sent = await h.details(intentId);
    expect(sent.status).toBe("SENT");
    expect(sent.job.maxAttempts - sent.job.attempts).toBe(MAX_ATTEMPTS - 1);
    expect(sendsToLead()).toHaveLength(before + 1);
    sentIntents.push(intentId);
  });

  it("sent every message exactly once: no duplicate on the gateway", async () => {
    const sends = sendsToLead();
    expect(sends).toHaveLength(sentIntents.length);
    // Ids are unique but for the reaction, which wuzapi sends under its target's id.
    const ids = sends.map((s) => s.messageId);
    expect(new Set(ids).size).toBeGreaterThanOrEqual(ids.length - (provider === "wuzapi" ? 1 : 0));
    for (const intentId of sentIntents) expect((await h.details(intentId)).status).toBe("SENT");
  });
});

describe("provider names", () => {
  it("answers 400 for an unknown provider, listing the configured ones", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "x", provider: "baileys" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("turbozap, evolution, wuzapi");
    expect(res.body).toContain("baileys");
  });

  it("never shows a wuzapi user's token in the API", async () => {
    const list = await h.request({ method: "GET", url: "/v1/instances" });
    const wuzapi = h.others?.wuzapi;
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("shop-wuzapi");
    expect(list.body).not.toContain(wuzapiUserToken(wuzapi?.adminToken ?? "", "shop-wuzapi"));
    expect(list.body).not.toContain(wuzapi?.adminToken);
  });
});
