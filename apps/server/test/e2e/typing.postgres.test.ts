import type { LoggedPresence } from "@whatlead/sim-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// "typing…" before a send, through the whole executor on PostgreSQL and each gateway's simulator
// over HTTP: the presence call, then the send after the typing time, whatever the presence call did.

const MIN_MS = 300;
const MAX_MS = 1_200;
const MS_PER_CHARACTER = 150;
/**
 * The presence is recorded when the gateway receives it, a little after the typing time started:
 * the gap to the send may fall short of the typing time by that request's own transit.
 */
const PRESENCE_TRANSIT_MS = 200;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    allGateways: true,
    // Long enough that a send waiting for a hung presence call could never finish within a test.
    timeoutMs: 30_000,
    settings: { PER_INSTANCE_CONCURRENCY: 0, TYPING_MIN_MS: MIN_MS, TYPING_MAX_MS: MAX_MS },
  });
});
afterAll(() => h.close());

interface Gateway {
  sends: readonly { instance: string; to: string; acceptedAt: Date }[];
  presences: readonly LoggedPresence[];
  setFaults(faults: { presenceErrorRate?: number; presenceHangRate?: number }): void;
}

function gatewayOf(provider: string): Gateway {
  const others = h.others;
  if (others === null) throw new Error("the harness runs every gateway");
  if (provider === "evolution") return others.evolution;
  if (provider === "wuzapi") return others.wuzapi;
  return h.sim;
}

let instances = 0;

async function newInstance(provider: string): Promise<string> {
  instances += 1;
  const name = `typing-${provider}-${instances}`;
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name, provider } });
  expect(res.statusCode, res.body).toBe(201);
  return name;
}

async function instanceId(name: string): Promise<string> {
  const res = await h.request({ method: "GET", url: "/v1/instances" });
  return (res.json().items as { id: string; name: string }[]).find((i) => i.name === name)?.id ?? "";
}

/** Creates and approves an intent; returns its id. */
async function approve(name: string, intent: Record<string, unknown>, approval = {}): Promise<string> {
  const created = await h.request({ method: "POST", url: "/v1/intents", payload: intent });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const approved = await h.request({
    method: "POST",
    url: `/v1/intents/${id}/approve`,
    payload: { instanceId: await instanceId(name), ...approval },
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return id;
}

function text(phone: string, body: string, extra: Record<string, unknown> = {}) {
  return { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: body }, ...extra };
}

function voiceNote(phone: string) {
  return {
    target: { kind: "PHONE", value: phone },
    type: "AUDIO",
    payload: { audioUrl: "https://cdn.example.com/note.ogg", ptt: true },
    typing: true,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the details body as JSON.
function sentEvent(details: any): Record<string, unknown> {
  return details.timeline.find((entry: { type: string }) => entry.type === "MessageSent")?.data;
}

/** The one presence and the one send of an instance, checked in that order with the typing time between. */
function expectTypedThenSent(gateway: Gateway, name: string, state: string, typingMs: number): void {
  const presences = gateway.presences.filter((p) => p.instance === name && p.state !== "paused");
  const sends = gateway.sends.filter((s) => s.instance === name);
  expect(presences).toHaveLength(1);
  expect(sends).toHaveLength(1);
  const [presence, send] = [presences[0] as LoggedPresence, sends[0] as (typeof sends)[number]];
  expect(presence).toMatchObject({ state, to: send.to });
  expect(send.acceptedAt.getTime() - presence.at.getTime()).toBeGreaterThanOrEqual(
    typingMs - PRESENCE_TRANSIT_MS,
  );
}

describe.each([
  ["turbozap", "5511999994001"],
  ["evolution", "5511999994002"],
  ["wuzapi", "5511999994003"],
])("typing through %s", (provider, phone) => {
  it('shows "typing…" for a time set by the text\'s length, then sends', async () => {
    const name = await newInstance(provider);
    const body = "Olá!"; // 4 characters: 600 ms, between the bounds
    const id = await approve(name, text(phone, body, { typing: true }));
    await h.step();
    const details = await h.details(id);
    expect(details.status).toBe("SENT");
    expect(details.typing).toBe(true);
    const typingMs = body.length * MS_PER_CHARACTER;
    expect(sentEvent(details)).toMatchObject({ typingMs });
    expectTypedThenSent(gatewayOf(provider), name, "composing", typingMs);
  });

  it("sends anyway, after the typing time, when the presence call fails", async () => {
    const name = await newInstance(provider);
    gatewayOf(provider).setFaults({ presenceErrorRate: 1 });
    try {
      const id = await approve(name, text(phone, "Oi", { typing: true }));
      await h.step();
      const details = await h.details(id);
      expect(details.status).toBe("SENT");
      expect(sentEvent(details)).toMatchObject({ typingMs: MIN_MS });
      expect(gatewayOf(provider).presences.filter((p) => p.instance === name)).toEqual([]);
    } finally {
      gatewayOf(provider).setFaults({ presenceErrorRate: 0 });
    }
  });

  it("does not wait for a presence call the gateway never answers", async () => {
    const name = await newInstance(provider);
    gatewayOf(provider).setFaults({ presenceHangRate: 1 });
    try {
      const id = await approve(name, text(phone, "Oi", { typing: true }));
      // The client waits 30 s for that answer: a send that waited for it could not be SENT here.
      await h.step();
      expect((await h.details(id)).status).toBe("SENT");
      expectTypedThenSent(gatewayOf(provider), name, "composing", MIN_MS);
    } finally {
      gatewayOf(provider).setFaults({ presenceHangRate: 0 });
    }
  });
});

describe.each([
  ["turbozap", "5511999994011"],
  ["evolution", "5511999994012"],
])("a voice note through %s", (provider, phone) => {
  it('shows "recording…" for the longest typing time', async () => {
    const name = await newInstance(provider);
    const id = await approve(name, voiceNote(phone));
    await h.step();
    const details = await h.details(id);
    expect(details.status).toBe("SENT");
    expect(sentEvent(details)).toMatchObject({ typingMs: MAX_MS });
    expectTypedThenSent(gatewayOf(provider), name, "recording", MAX_MS);
  });
});

describe("the default", () => {
  it("is off: an intent that does not ask sends at once, with no presence and no typing time", async () => {
    const name = await newInstance("turbozap");
    const id = await approve(name, text("5511999994021", "Sem digitar"));
    await h.step();
    const details = await h.details(id);
    expect(details.status).toBe("SENT");
    expect(details.typing).toBeNull();
    expect(sentEvent(details)).not.toHaveProperty("typingMs");
    expect(h.sim.presences.filter((p) => p.instance === name)).toEqual([]);
  });

  it("TYPING_DEFAULT=true types for intents that do not say, and typing: false still opts out", async () => {
    const name = await newInstance("turbozap");
    const asked = await approve(name, text("5511999994022", "Com"));
    const optedOut = await approve(name, text("5511999994023", "Sem", { typing: false }));
    const { worker } = h.spawnExecutor("typing-default-on", {
      TYPING_DEFAULT: "true",
      TYPING_MIN_MS: MIN_MS,
      TYPING_MAX_MS: MAX_MS,
      PER_INSTANCE_CONCURRENCY: 0,
    });
    await worker.runOnce();
    await worker.idle();
    expect(sentEvent(await h.details(asked))).toMatchObject({ typingMs: "Com".length * MS_PER_CHARACTER });
    expect(sentEvent(await h.details(optedOut))).not.toHaveProperty("typingMs");
    const presences = h.sim.presences.filter((p) => p.instance === name);
    expect(presences.map((p) => p.to)).toEqual(["5511999994022@s.whatsapp.net"]);
  });

  it("an approval may turn typing on for an intent created without it", async () => {
    const name = await newInstance("turbozap");
    const id = await approve(name, text("5511999994024", "Sim"), { typing: true });
    await h.step();
    const details = await h.details(id);
    expect(details.typing).toBe(true);
    expect(sentEvent(details)).toMatchObject({ typingMs: "Sim".length * MS_PER_CHARACTER });
  });
});

describe("the claim while typing", () => {
  it("is given back, never sent, when the worker stops while typing shows; the next worker types and sends it", async () => {
    const name = await newInstance("turbozap");
    const id = await approve(name, voiceNote("5511999994031"));
    const { worker } = h.spawnExecutor("typing-stopped", {
      TYPING_MIN_MS: MIN_MS,
      TYPING_MAX_MS: MAX_MS,
      PER_INSTANCE_CONCURRENCY: 0,
    });
    worker.start();
    await eventually(async () => (h.sim.presences.some((p) => p.instance === name) ? true : undefined));
    await worker.stop(10_000);
    const released = await h.details(id);
    expect(released.job).toMatchObject({
      status: "RETRY",
      dispatchedAt: null,
      lastError: { code: "RELEASED" },
    });
    expect(h.sim.sends.filter((s) => s.instance === name)).toEqual([]);

    await h.step();
    expect((await h.details(id)).status).toBe("SENT");
    expect(h.sim.presences.filter((p) => p.instance === name)).toHaveLength(2);
    expect(h.sim.sends.filter((s) => s.instance === name)).toHaveLength(1);
  });

  it("keeps typing to a third of the lease, so that one heartbeat always covers it", async () => {
    const name = await newInstance("turbozap");
    const id = await approve(name, voiceNote("5511999994032"));
    const { worker } = h.spawnExecutor("typing-short-lease", {
      WORKER_LEASE_MS: 900,
      TYPING_MIN_MS: 100,
      TYPING_MAX_MS: 5_000,
      PER_INSTANCE_CONCURRENCY: 0,
    });
    await worker.runOnce();
    await worker.idle();
    expect(sentEvent(await h.details(id))).toMatchObject({ typingMs: 300 });
  });
});

describe("the API", () => {
  it("takes typing on batch items and shows it on each intent", async () => {
    const name = await newInstance("turbozap");
    const res = await h.request({
      method: "POST",
      url: "/v1/intents:batch",
      payload: {
        instanceId: await instanceId(name),
        items: [text("5511999994041", "a", { typing: true }), text("5511999994042", "b")],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [first, second] = res.json().items as { id: string }[];
    expect((await h.details(first?.id ?? "")).typing).toBe(true);
    expect((await h.details(second?.id ?? "")).typing).toBeNull();
  });

  it("refuses a typing that is not a boolean, and typing with a queueing decision, with 400s that say so", async () => {
    const bad = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: text("5511999994051", "x", { typing: "yes" }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("typing");
    const created = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: text("5511999994052", "x"),
    });
    const queued = await h.request({
      method: "POST",
      url: `/v1/intents/${created.json().id}/decide`,
      payload: { queueUntil: new Date(Date.now() + 60_000).toISOString(), typing: true },
    });
    expect(queued.statusCode).toBe(400);
    expect(queued.body).toContain("typing");
  });
});
