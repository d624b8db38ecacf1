import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SendOptions, SendOutcome } from "../../src/application/ports/whatsapp-provider-port";
import type { MessageContent } from "../../src/domain/intent/message-payload";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../../src/infra/providers/turbozap/turbozap-provider-adapter";

const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;
const TO = "+55 (11) 99999-9999";
const OPTS: SendOptions = { idempotencyKey: "job-1" };
const TIMEOUT_MS = 300;

let sim: TurboZapSim;
let client: TurboZapClient;
let adapter: TurboZapProviderAdapter;
let instanceCount = 0;
const extraClients: TurboZapClient[] = [];

beforeAll(async () => {
  sim = await startTurboZapSim({ receipts: false });
  client = new TurboZapClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
  adapter = new TurboZapProviderAdapter(client);
});

afterAll(async () => {
  client.close();
  await sim.close();
});

beforeEach(() => {
  sim.resetFaults();
  sim.clear();
});

afterEach(() => {
  for (const c of extraClients.splice(0)) c.close();
});

function newInstance(connected = true): string {
  instanceCount += 1;
  const name = `inst-${instanceCount}`;
  sim.createInstance(name, { connected });
  return name;
}

function textContent(body: string): MessageContent {
  return { type: "TEXT", payload: { text: body } };
}

function expectFailure(outcome: SendOutcome, kind: SendOutcome["kind"], code: string): void {
  expect(outcome).toMatchObject({ kind, code });
}

describe("TurboZapProviderAdapter over the TurboZap simulator", () => {
  it("names itself and declares no idempotency support", () => {
    expect(adapter.name).toBe("turbozap");
    expect(adapter.capabilities).toEqual({ idempotencyKey: false });
  });

  const sends: [string, (instance: string) => Promise<SendOutcome>, string, Record<string, unknown>][] = [
    ["text", (i) => adapter.send(i, TO, textContent("hello"), OPTS), "text", { text: "hello" }],
    [
      "media",
      (i) =>
        adapter.send(
          i,
          TO,
          {
            type: "MEDIA",
            payload: {
              mediaUrl: "https://cdn.example.com/a.pdf",
              mimeType: "application/pdf",
              caption: "see",
              fileName: "a.pdf",
            },
          },
          OPTS,
        ),
      "media",
      {
        media_url: "https://cdn.example.com/a.pdf",
        mime_type: "application/pdf",
        caption: "see",
        file_name: "a.pdf",
      },
    ],
    [
      "audio",
      (i) =>
        adapter.send(
          i,
          TO,
          { type: "AUDIO", payload: { audioUrl: "https://cdn.example.com/a.ogg", ptt: true } },
          OPTS,
        ),
      "audio",
      { audio_url: "https://cdn.example.com/a.ogg", ptt: true },
    ],
    [
      "reaction",
      (i) =>
        adapter.send(
          i,
          TO,
          { type: "REACTION", payload: { messageRef: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "👍" } },
          OPTS,
        ),
      "reaction",
      { message_id: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "👍" },
    ],
  ];

  it.each(sends)("sends %s and the gateway records exactly one send", async (_label, send, type, fields) => {
    const instance = newInstance();
    const outcome = await send(instance);
    expect(outcome.kind).toBe("sent");
    const messageId = outcome.kind === "sent" ? outcome.messageId : "";
    expect(messageId).toMatch(MESSAGE_ID);
    expect(sim.sends).toHaveLength(1);
    expect(sim.sends[0]).toMatchObject({ messageId, instance, type, to: "5511999999999@s.whatsapp.net" });
    expect(sim.sends[0]?.body).toMatchObject({ to: TO, ...fields });
  });

  it("fails an invalid recipient permanently", async () => {
    const outcome = await adapter.send(newInstance(), "123", textContent("hello"), OPTS);
    expectFailure(outcome, "permanent", "INVALID_RECIPIENT");
    expect(sim.sends).toHaveLength(0);
  });

  it("holds a disconnected instance", async () => {
    const instance = newInstance();
    sim.setConnected(instance, false);
    expectFailure(
      await adapter.send(instance, TO, textContent("hello"), OPTS),
      "unavailable",
      "INSTANCE_NOT_CONNECTED",
    );
    expect(sim.sends).toHaveLength(0);
  });

  it("holds an unknown instance (the gateway's nil-pointer 500)", async () => {
    const outcome = await adapter.send("never-created", TO, textContent("hello"), OPTS);
    expectFailure(outcome, "unavailable", "INSTANCE_UNAVAILABLE");
  });

  it("retries a 500 send failure, which recorded nothing", async () => {
    sim.setFaults({ error500Rate: 1 });
    const outcome = await adapter.send(newInstance(), TO, textContent("hello"), OPTS);
    expectFailure(outcome, "retryable", "PROVIDER_SEND_FAILED");
    expect(sim.sends).toHaveLength(0);
  });

  it("reports a hang past the timeout as unknown, although the send was recorded", async () => {
    sim.setFaults({ hangRate: 1 });
    const started = Date.now();
    const outcome = await adapter.send(newInstance(), TO, textContent("hello"), OPTS);
    expectFailure(outcome, "unknown", "TIMEOUT");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(sim.sends).toHaveLength(1);
  });

  it("reports a reset after the send as unknown", async () => {
    sim.setFaults({ resetAfterSendRate: 1 });
    const outcome = await adapter.send(newInstance(), TO, textContent("hello"), OPTS);
    expectFailure(outcome, "unknown", "CONNECTION_RESET");
    expect(sim.sends).toHaveLength(1);
  });

  it("holds the whole gateway on a refused connection (NETWORK_ERROR)", async () => {
    const probe = http.createServer();
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, "close");
    const closed = new TurboZapClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: "k", timeoutMs: 500 });
    extraClients.push(closed);
    const outcome = await new TurboZapProviderAdapter(closed).send("any", TO, textContent("hello"), OPTS);
    expectFailure(outcome, "unavailable", "NETWORK_ERROR");
    expect(outcome).toMatchObject({ scope: "gateway" });
  });

  it("counts the 403 written after a send with another instance's key as sent", async () => {
    const target = newInstance();
    const other = sim.createInstance(`other-${target}`);
    const foreign = new TurboZapClient({ baseUrl: sim.url, apiKey: other.apiKey, timeoutMs: TIMEOUT_MS });
    extraClients.push(foreign);
    const outcome = await new TurboZapProviderAdapter(foreign).send(target, TO, textContent("hello"), OPTS);
    expect(outcome.kind).toBe("sent");
    expect(sim.sends).toHaveLength(1);
    expect(sim.sends[0]?.instance).toBe(target);
  });

  it("counts the 403-but-sent fault as sent", async () => {
    sim.setFaults({ forbiddenButSentRate: 1 });
    const outcome = await adapter.send(newInstance(), TO, textContent("hello"), OPTS);
    expect(outcome).toEqual({ kind: "sent", messageId: sim.sends[0]?.messageId });
  });

  it("holds on a wrong API key (PROVIDER_AUTH)", async () => {
    const wrong = new TurboZapClient({ baseUrl: sim.url, apiKey: "wrong-key-xyz", timeoutMs: TIMEOUT_MS });
    extraClients.push(wrong);
    const outcome = await new TurboZapProviderAdapter(wrong).send(
      newInstance(),
      TO,
      textContent("hello"),
      OPTS,
    );
    expectFailure(outcome, "unavailable", "PROVIDER_AUTH");
  });

  it("never puts the API key in an outcome message", async () => {
    const instance = newInstance();
    const outcomes: SendOutcome[] = [
      await adapter.send(instance, "123", textContent("x"), OPTS),
      await adapter.send("never-created", TO, textContent("x"), OPTS),
      await adapter.send(
        instance,
        TO,
        { type: "MEDIA", payload: { mediaUrl: "ftp://nowhere", mimeType: "image/png" } },
        OPTS,
      ),
    ];
    sim.setFaults({ error500Rate: 1 });
    outcomes.push(await adapter.send(instance, TO, textContent("x"), OPTS));
    sim.setFaults({ error500Rate: 0, hangRate: 1 });
    outcomes.push(await adapter.send(instance, TO, textContent("x"), OPTS));
    sim.setFaults({ hangRate: 0, resetAfterSendRate: 1 });
    outcomes.push(await adapter.send(instance, TO, textContent("x"), OPTS));
    const wrong = new TurboZapClient({ baseUrl: sim.url, apiKey: "wrong-key-xyz", timeoutMs: TIMEOUT_MS });
    extraClients.push(wrong);
    outcomes.push(await new TurboZapProviderAdapter(wrong).send(instance, TO, textContent("x"), OPTS));
    expect(outcomes.map((o) => o.kind)).not.toContain("sent");
    const text = JSON.stringify(outcomes);
    expect(text).not.toContain(sim.apiKey);
    expect(text).not.toContain("wrong-key-xyz");
  });

  it("ensureInstance creates and connects a missing instance", async () => {
    expect(await adapter.getInstanceState("fresh-one")).toBeNull();
    const state = await adapter.ensureInstance("fresh-one");
    expect(state.status).not.toBe("disconnected");
    expect(state.status).not.toBe("error");
    expect(await adapter.getInstanceState("fresh-one")).toEqual(state);
    const outcome = await adapter.send("fresh-one", TO, textContent("hello"), OPTS);
    expect(outcome.kind).toBe("sent");
  });

  it("ensureInstance asks an idle instance to connect", async () => {
    const instance = newInstance(false);
    expect((await adapter.getInstanceState(instance))?.status).not.toBe("connected");
    const state = await adapter.ensureInstance(instance);
    expect(["connecting", "connected", "qrcode"]).toContain(state.status);
  });

  it("ensureInstance survives a create race (409)", async () => {
    const calls: string[] = [];
    const answer = (status: number, data?: unknown) => ({
      kind: "response" as const,
      status,
      body: { success: status < 300, ...(data ? { data } : {}) },
    });
    let statusCalls = 0;
    const fake = {
      getInstanceStatus: async () => {
        calls.push("status");
        statusCalls += 1;
        return statusCalls === 1 ? answer(404) : answer(200, { name: "x", status: "qrcode" });
      },
      createInstance: async () => {
        calls.push("create");
        return answer(409);
      },
      connectInstance: async () => {
        calls.push("connect");
        return answer(200, { status: "connecting" });
      },
    } as unknown as ConstructorParameters<typeof TurboZapProviderAdapter>[0];
    const state = await new TurboZapProviderAdapter(fake).ensureInstance("x");
    expect(state).toEqual({ status: "qrcode", phoneNumber: null });
    expect(calls).toEqual(["status", "create", "connect", "status"]);
  });

  it("ensureInstance leaves a connected instance alone", async () => {
    const instance = newInstance();
    const state = await adapter.ensureInstance(instance);
    expect(state.status).toBe("connected");
  });

  it("ensureInstance reports an unreachable gateway as error instead of throwing", async () => {
    const dead = new TurboZapClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", timeoutMs: 500 });
    extraClients.push(dead);
    const gateway = new TurboZapProviderAdapter(dead);
    expect(await gateway.ensureInstance("x")).toEqual({ status: "error", phoneNumber: null });
    expect(await gateway.getInstanceState("x")).toEqual({ status: "error", phoneNumber: null });
  });
});
