import { type EvolutionSim, startEvolutionSim } from "@whatlead/evolution-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SendOutcome } from "../../src/application/ports/whatsapp-provider-port";
import { EvolutionClient } from "../../src/infra/providers/evolution/evolution-client";
import { toEvolutionOutcome } from "../../src/infra/providers/evolution/evolution-outcome";

// Every quirk of evolution-contract.md, over real HTTP against the simulator, mapped to its outcome.

const TIMEOUT_MS = 400;
const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;

let sim: EvolutionSim;
let client: EvolutionClient;
let next = 0;

beforeAll(async () => {
  sim = await startEvolutionSim({ receipts: false });
  client = new EvolutionClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  client.close();
  await sim.close();
});
beforeEach(() => {
  sim.resetFaults();
  sim.clear();
});

function instance(connected = true): string {
  const name = `evo-${next++}`;
  sim.createInstance(name, { connected });
  return name;
}

async function sendText(name: string, number = "5511999999999", text = "Olá"): Promise<SendOutcome> {
  return toEvolutionOutcome(await client.sendText(name, { number, text }));
}

describe("Evolution answers → outcomes", () => {
  it("201 PENDING is sent, with key.id (no server ack yet)", async () => {
    const outcome = await sendText(instance());
    expect(outcome.kind).toBe("sent");
    expect(outcome.kind === "sent" && outcome.messageId).toMatch(MESSAGE_ID);
    expect(sim.sends).toHaveLength(1);
  });

  it("exists:false is permanent NOT_ON_WHATSAPP, nothing sent", async () => {
    expect(await sendText(instance(), "5511999990000")).toMatchObject({
      kind: "permanent",
      code: "NOT_ON_WHATSAPP",
    });
    expect(sim.sends).toHaveLength(0);
  });

  it("schema errors and pre-send validation 400s are permanent INVALID_PAYLOAD", async () => {
    const name = instance();
    expect(await sendText(name, "5511999999999", " ")).toMatchObject({
      kind: "permanent",
      code: "INVALID_PAYLOAD",
    });
    const media = toEvolutionOutcome(
      await client.sendMedia(name, {
        number: "5511999999999",
        mediatype: "image",
        media: "http://minio:9000/a.jpg",
      }),
    );
    expect(media).toMatchObject({ kind: "permanent", code: "INVALID_PAYLOAD" });
    const schema = toEvolutionOutcome(
      await client.sendMedia(name, {
        number: "5511999999999",
        mediatype: "sticker" as "image",
        media: "AAAA",
      }),
    );
    expect(schema).toMatchObject({ kind: "permanent", code: "INVALID_PAYLOAD" });
  });

  it("a 400 from after the send is unknown: the message left", async () => {
    sim.setFaults({ rejectAfterSendRate: 1 });
    expect(await sendText(instance())).toMatchObject({ kind: "unknown", code: "FAILED_AFTER_SEND" });
    expect(sim.sends).toHaveLength(1);
  });

  it("the closed socket's 500 and 400 are 'cannot send now' (the number is held), nothing sent", async () => {
    const name = instance();
    await sendText(name, "5511988887777");
    sim.clear();
    sim.setConnected(name, false);
    expect(await sendText(name, "5511988887777")).toMatchObject({
      kind: "unavailable",
      code: "INSTANCE_NOT_CONNECTED",
    });
    expect(await sendText(name, "5511977776666")).toMatchObject({
      kind: "unavailable",
      code: "INSTANCE_NOT_CONNECTED",
    });
    expect(sim.sends).toHaveLength(0);
  });

  it("an instance never connected is INSTANCE_UNAVAILABLE; an unknown one INSTANCE_NOT_FOUND (404 before auth)", async () => {
    expect(await sendText(instance(false))).toMatchObject({
      kind: "unavailable",
      code: "INSTANCE_UNAVAILABLE",
    });
    expect(await sendText("no-such-instance")).toMatchObject({
      kind: "unavailable",
      code: "INSTANCE_NOT_FOUND",
    });
  });

  it("a wrong key holds the number (PROVIDER_AUTH), and the key never shows in the outcome", async () => {
    const wrong = new EvolutionClient({
      baseUrl: sim.url,
      apiKey: "wrong-secret-key",
      timeoutMs: TIMEOUT_MS,
    });
    const outcome = toEvolutionOutcome(
      await wrong.sendText(instance(), { number: "5511999999999", text: "x" }),
    );
    wrong.close();
    expect(outcome).toMatchObject({ kind: "unavailable", code: "PROVIDER_AUTH" });
    expect(JSON.stringify(outcome)).not.toContain("wrong-secret-key");
  });

  it("an instance's own token works for its calls", async () => {
    const created = sim.createInstance(`own-${next++}`);
    const result = await client.sendText(
      created.name,
      { number: "5511999999999", text: "x" },
      created.apiKey,
    );
    expect(toEvolutionOutcome(result).kind).toBe("sent");
  });

  it("no answer after the request left is unknown (hang → TIMEOUT, reset → CONNECTION_RESET)", async () => {
    const name = instance();
    sim.setFaults({ hangRate: 1 });
    expect(await sendText(name)).toMatchObject({ kind: "unknown", code: "TIMEOUT" });
    sim.setFaults({ hangRate: 0, resetAfterSendRate: 1 });
    expect(await sendText(name)).toMatchObject({ kind: "unknown", code: "CONNECTION_RESET" });
    expect(sim.sends).toHaveLength(2);
  });

  it("a refused connection holds the whole gateway (NETWORK_ERROR)", async () => {
    const gone = await startEvolutionSim();
    const url = gone.url;
    await gone.close();
    const offline = new EvolutionClient({ baseUrl: url, apiKey: "k", timeoutMs: TIMEOUT_MS });
    const outcome = toEvolutionOutcome(await offline.sendText("x", { number: "5511999999999", text: "x" }));
    offline.close();
    expect(outcome).toMatchObject({ kind: "unavailable", code: "NETWORK_ERROR" });
  });

  it("error500Rate (socket closed before the send) is cannot-send-now", async () => {
    sim.setFaults({ error500Rate: 1 });
    expect(await sendText(instance())).toMatchObject({ kind: "unavailable", code: "INSTANCE_NOT_CONNECTED" });
  });

  it("sends media, voice notes and reactions", async () => {
    const name = instance();
    const media = await client.sendMedia(name, {
      number: "5511999999999",
      mediatype: "document",
      media: "https://cdn.example.com/a.pdf",
      fileName: "a.pdf",
    });
    const audio = await client.sendWhatsAppAudio(name, {
      number: "5511999999999",
      audio: "https://cdn.example.com/a.ogg",
    });
    const target = toEvolutionOutcome(audio);
    const reaction = await client.sendReaction(name, {
      key: {
        id: target.kind === "sent" ? target.messageId : "",
        remoteJid: "5511999999999@s.whatsapp.net",
        fromMe: true,
      },
      reaction: "👍",
    });
    expect([media, audio, reaction].map((r) => toEvolutionOutcome(r).kind)).toEqual(["sent", "sent", "sent"]);
    expect(sim.sends.map((s) => s.type)).toEqual(["media", "audio", "reaction"]);
  });
});
