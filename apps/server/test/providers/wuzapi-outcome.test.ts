import { startWuzapiSim, type WuzapiSim } from "@whatlead/wuzapi-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SendOutcome } from "../../src/application/ports/whatsapp-provider-port";
import { WuzapiClient } from "../../src/infra/providers/wuzapi/wuzapi-client";
import { wuzapiMessageId } from "../../src/infra/providers/wuzapi/wuzapi-message-id";
import { toWuzapiOutcome } from "../../src/infra/providers/wuzapi/wuzapi-outcome";

// Every quirk of wuzapi-contract.md, over real HTTP against the simulator, mapped to its outcome.

const TIMEOUT_MS = 400;
const PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

let sim: WuzapiSim;
let client: WuzapiClient;
let next = 0;

beforeAll(async () => {
  sim = await startWuzapiSim({ receipts: false, ackTimeoutMs: 100, writeTimeoutMs: 250 });
  client = new WuzapiClient({ baseUrl: sim.url, adminToken: sim.adminToken, timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  client.close();
  await sim.close();
});
beforeEach(() => {
  sim.resetFaults();
  sim.clear();
});

function user(connected = true): string {
  return sim.createInstance(`wz-${next++}`, { connected }).token;
}

async function sendText(token: string, Phone = "5511999999999", Id?: string): Promise<SendOutcome> {
  return toWuzapiOutcome(await client.sendText(token, { Phone, Body: "oi", ...(Id ? { Id } : {}) }));
}

describe("our own message id", () => {
  it("is 3EB0 + 18 upper-case hex, the same for the same attempt, different for another", () => {
    expect(wuzapiMessageId("job-1:1")).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(wuzapiMessageId("job-1:1")).toBe(wuzapiMessageId("job-1:1"));
    expect(wuzapiMessageId("job-1:2")).not.toBe(wuzapiMessageId("job-1:1"));
  });

  it("is what the gateway sends and answers", async () => {
    const id = wuzapiMessageId("job-7:1");
    expect(await sendText(user(), "5511999999999", id)).toEqual({ kind: "sent", messageId: id });
    expect(sim.sends[0]?.messageId).toBe(id);
  });
});

describe("wuzapi answers → outcomes", () => {
  it("No session (no client) is cannot-send-now, before the body is even read", async () => {
    expect(await sendText(user(false))).toMatchObject({
      kind: "unavailable",
      code: "INSTANCE_NOT_CONNECTED",
    });
  });

  it("a dropped websocket is cannot-send-now; nothing left", async () => {
    const token = user();
    const name = `wz-${next - 1}`;
    sim.setConnected(name, false);
    expect(await sendText(token)).toMatchObject({ kind: "unavailable", code: "INSTANCE_NOT_CONNECTED" });
    expect(sim.sends).toHaveLength(0);
  });

  it("the ack timeout is unknown: the message left", async () => {
    sim.setFaults({ ackTimeoutRate: 1 });
    expect(await sendText(user())).toMatchObject({ kind: "unknown", code: "ACK_TIMEOUT" });
    expect(sim.sends).toHaveLength(1);
  });

  it("a client deadline shorter than the ack wait is unknown TIMEOUT, and the send happened", async () => {
    sim.setFaults({ latencyMs: 90 });
    const impatient = new WuzapiClient({
      baseUrl: sim.url,
      adminToken: "impatient-admin-token",
      timeoutMs: 40,
    });
    const outcome = toWuzapiOutcome(await impatient.sendText(user(), { Phone: "5511999999999", Body: "x" }));
    impatient.close();
    expect(outcome).toMatchObject({ kind: "unknown", code: "TIMEOUT" });
    await new Promise((r) => setTimeout(r, 80));
    expect(sim.sends).toHaveLength(1);
  });

  it("the write timeout cutting a queued send is unknown, and that send still went out", async () => {
    const token = user();
    sim.setFaults({ latencyMs: 90 });
    const slowClient = new WuzapiClient({
      baseUrl: sim.url,
      adminToken: "impatient-admin-token",
      timeoutMs: 1000,
    });
    const outcomes = await Promise.all(
      [1, 2, 3].map(async () =>
        toWuzapiOutcome(await slowClient.sendText(token, { Phone: "5511999999999", Body: "x" })),
      ),
    );
    slowClient.close();
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["sent", "sent", "unknown"]);
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.sends).toHaveLength(3);
  });

  it("400 body errors are permanent; an unparsable phone is INVALID_RECIPIENT; @lid too", async () => {
    const token = user();
    expect(toWuzapiOutcome(await client.sendText(token, { Phone: "", Body: "x" }))).toMatchObject({
      kind: "permanent",
      code: "INVALID_PAYLOAD",
    });
    expect(await sendText(token, "a@b@c")).toMatchObject({ kind: "permanent", code: "INVALID_RECIPIENT" });
    expect(await sendText(token, "123@lid")).toMatchObject({ kind: "permanent", code: "INVALID_RECIPIENT" });
    expect(sim.sends).toHaveLength(0);
  });

  it("a number not on WhatsApp is sent (the gateway cannot tell)", async () => {
    expect((await sendText(user(), "5511999990000")).kind).toBe("sent");
  });

  it("an unknown token holds the number (PROVIDER_AUTH) and never shows in the outcome", async () => {
    const outcome = await sendText("secret-user-token");
    expect(outcome).toMatchObject({ kind: "unavailable", code: "PROVIDER_AUTH" });
    expect(JSON.stringify(outcome)).not.toContain("secret-user-token");
  });

  it("a server nack is retryable; a panic input's dropped connection is unknown", async () => {
    const token = user();
    sim.setFaults({ error500Rate: 1 });
    expect(await sendText(token)).toMatchObject({ kind: "retryable", code: "PROVIDER_SEND_FAILED" });
    sim.resetFaults();
    const panic = toWuzapiOutcome(await client.sendImage(token, { Phone: "5511999999999", Image: "data:x" }));
    expect(panic).toMatchObject({ kind: "unknown", code: "CONNECTION_RESET" });
  });

  it("sends images, documents, audio and reactions", async () => {
    const token = user();
    const image = await client.sendImage(token, { Phone: "5511999999999", Image: PNG, Caption: "c" });
    const doc = await client.sendDocument(token, {
      Phone: "5511999999999",
      Document: "data:application/octet-stream;base64,AAAA",
      FileName: "a.pdf",
    });
    const audio = await client.sendAudio(token, {
      Phone: "5511999999999",
      Audio: "data:audio/ogg;base64,AAAA",
    });
    const target = toWuzapiOutcome(audio);
    const reaction = await client.react(token, {
      Phone: "5511999999999",
      Body: "👍",
      Id: `me:${target.kind === "sent" ? target.messageId : ""}`,
    });
    expect([image, doc, audio, reaction].map((r) => toWuzapiOutcome(r).kind)).toEqual([
      "sent",
      "sent",
      "sent",
      "sent",
    ]);
  });
});

describe("users", () => {
  it("creates a user with the admin token, connects it and reads its state", async () => {
    const created = await client.createUser({
      name: "fresh",
      token: "fresh-token",
      webhook: "",
      events: "ReadReceipt",
    });
    expect(created).toMatchObject({ kind: "response", status: 200 });
    const connected = await client.connect("fresh-token", ["ReadReceipt"]);
    expect(connected).toMatchObject({ kind: "response", status: 200 });
    const status = await client.sessionStatus("fresh-token");
    expect(status.kind === "response" && status.body?.data).toEqual({ Connected: true, LoggedIn: true });
  });
});
