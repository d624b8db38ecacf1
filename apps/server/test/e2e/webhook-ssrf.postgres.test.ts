import { randomUUID } from "node:crypto";
import { lookup as systemLookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LookupAddresses } from "../../src/infra/webhooks/webhook-target-guard";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { recordBlockedIntent } from "../support/record-blocked-intent";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// Every target here is on loopback: the tests prove the executor refuses to reach them, and none of
// them may send a packet anywhere else even if the guard were missing.

/**
 * Names only the test's resolver knows (the system's answers localhost and this machine's name), so
 * a second lookup through the system's resolver would fail and show.
 */
const NAMES: Record<string, string> = {
  "intranet.example": "127.0.0.1",
  "rebind.example": "127.0.0.1",
  "receiver.test": "127.0.0.1",
};
const lookups: string[] = [];
const lookup: LookupAddresses = async (name) => {
  lookups.push(name);
  const address = NAMES[name];
  if (!address) return (await systemLookup(name, { all: true })) as { address: string; family: 4 | 6 }[];
  return [{ address, family: 4 }];
};

let h: Harness;
let receiver: WebhookReceiver;
let port: number;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    settings: {
      WEBHOOK_MAX_ATTEMPTS: 1,
      WEBHOOK_POLL_INTERVAL_MS: 20,
      WEBHOOK_TIMEOUT_MS: 2_000,
      WEBHOOK_ALLOWED_HOSTS: "receiver.test",
    },
    webhookLookup: lookup,
  });
  receiver = await startWebhookReceiver();
  port = Number(new URL(receiver.url).port);
  h.executor.webhookDelivery.start();
});
afterAll(async () => {
  await h.executor.webhookDelivery.stop(2_000);
  await receiver.close();
  await h.close();
});

const happened = () => recordBlockedIntent(h, h.organization.id);

/** An endpoint stored as if registered before the check existed, or before its DNS changed. */
async function storedEndpoint(url: string): Promise<string> {
  const id = randomUUID();
  await h.persistence.webhookEndpoints.insert({
    id,
    organizationId: h.organization.id,
    url,
    events: ["MessageIntentBlocked"],
    secret: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==",
    createdAt: new Date(),
  });
  return id;
}

async function finishedLog(endpointId: string) {
  return eventually(async () => {
    const page = await h.persistence.webhookDeliveries.listForEndpoint(endpointId, { limit: 10 });
    const delivery = page.items[0];
    return delivery?.status === "FAILED" ? delivery.log : undefined;
  });
}

const INWARD_FORMS = () => [
  `http://127.0.0.1:${port}/a`,
  `http://localhost:${port}/a`,
  `http://[::1]:${port}/a`,
  `http://0.0.0.0:${port}/a`,
  `http://2130706433:${port}/a`,
  `http://0x7f000001:${port}/a`,
  `http://0177.0.0.1:${port}/a`,
  `http://127.1:${port}/a`,
  `http://${hostname()}:${port}/a`,
  `http://[::ffff:127.0.0.1]:${port}/a`,
  `http://intranet.example:${port}/a`,
];

describe("outbound webhooks never reach inside (SSRF)", () => {
  it("refuses at registration every form of a loopback, private, link-local or otherwise inward address", async () => {
    const forms = [
      ...INWARD_FORMS(),
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/a",
      "http://192.168.1.1/a",
      "http://172.16.0.1/a",
      "http://100.64.0.1/a",
      "http://224.0.0.1/a",
      "http://[fc00::1]/a",
      "http://[fe80::1]/a",
      "http://[::]/a",
    ];
    for (const url of forms) {
      const res = await h.request({
        method: "POST",
        url: "/v1/webhooks",
        payload: { url, events: ["MessageIntentBlocked"] },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe("WEBHOOK_URL_REFUSED");
      expect(res.json().error.message, url).toContain("not a public address");
    }
    const listed = await h.request({ method: "GET", url: "/v1/webhooks" });
    expect(listed.json().items).toEqual([]);
  });

  it("refuses at delivery time an inward target that got stored, without storing any answer", async () => {
    const ids = await Promise.all(INWARD_FORMS().map((url) => storedEndpoint(url)));
    await happened();
    for (const id of ids) {
      const log = await finishedLog(id);
      expect(log).toHaveLength(1);
      expect(log[0]?.statusCode).toBeNull();
      expect(log[0]?.error).toMatch(/^refused: .* not a public address/);
    }
    expect(receiver.received).toEqual([]);
    await Promise.all(ids.map((id) => h.persistence.webhookEndpoints.delete(h.organization.id, id)));
  });

  it("checks the name again at each delivery: a name that now resolves inward is refused", async () => {
    const id = await storedEndpoint(`http://rebind.example:${port}/rebound`);
    await happened();
    expect((await finishedLog(id))[0]?.error).toContain("rebind.example resolves to 127.0.0.1");
    expect(receiver.at("/rebound")).toEqual([]);
    await h.persistence.webhookEndpoints.delete(h.organization.id, id);
  });

  it("connects to the address it checked, resolving the name once (an allowed host on loopback)", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/webhooks",
      payload: { url: `http://receiver.test:${port}/pinned`, events: ["MessageIntentBlocked"] },
    });
    expect(res.statusCode).toBe(201);
    lookups.length = 0;
    await happened();
    const post = await eventually(async () => receiver.at("/pinned")[0]);
    expect(post.headers.host).toBe(`receiver.test:${port}`);
    // The name is known only to the injected resolver: a second, system lookup would have failed.
    expect(lookups).toEqual(["receiver.test"]);
    await h.persistence.webhookEndpoints.delete(h.organization.id, res.json().id);
  });

  it("reads a few hundred bytes of a huge error answer, then hangs up", async () => {
    let written = 0;
    const huge: Server = createServer((_request, response) => {
      response.writeHead(404, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      const pump = () => {
        while (written < 150 * 1024 * 1024 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("close", () => response.destroy());
      pump();
    });
    await new Promise<void>((resolve) => huge.listen(0, "127.0.0.1", resolve));
    const hugePort = (huge.address() as AddressInfo).port;
    const id = await storedEndpoint(`http://receiver.test:${hugePort}/big`);
    try {
      await happened();
      const log = await finishedLog(id);
      expect(log[0]?.statusCode).toBe(404);
      expect(log[0]?.error?.length).toBeLessThanOrEqual(220);
      expect(log[0]?.error).toMatch(/^HTTP 404: x+$/);
      // Socket buffers hold a few megabytes at most; a whole read would have taken all 150 MB.
      expect(written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      huge.closeAllConnections();
      await new Promise<void>((resolve) => huge.close(() => resolve()));
      await h.persistence.webhookEndpoints.delete(h.organization.id, id);
    }
  });
});
