import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTurboZapSim, type TurboZapSim } from "../src/index";
import { call, sendText } from "./helpers";

const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;
const NIL_POINTER = "runtime error: invalid memory address or nil pointer dereference";

let sim: TurboZapSim;

beforeAll(async () => {
  sim = await startTurboZapSim({ apiKey: "admin-key", receipts: false });
  sim.createInstance("main");
});
afterAll(() => sim.close());
beforeEach(() => sim.clear());

describe("auth", () => {
  it("answers 401 'API key is required' without a key", async () => {
    const res = await sendText(sim, "main", undefined, null);
    expect(res).toEqual({ status: 401, body: { success: false, error: { message: "API key is required" } } });
    expect(sim.sends).toHaveLength(0);
  });

  it("answers 401 'Invalid API key' for an unknown key", async () => {
    const res = await sendText(sim, "main", undefined, "nope");
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("Invalid API key");
  });

  it("accepts the global key as a Bearer token", async () => {
    const res = await call(sim, "POST", "/api/message/main/text", {
      key: null,
      headers: { Authorization: "Bearer admin-key" },
      body: { to: "5511999999999", text: "hi" },
    });
    expect(res.status).toBe(200);
  });

  it("accepts an instance's own key for its own instance", async () => {
    const own = sim.createInstance("own-key");
    const res = await sendText(sim, "own-key", undefined, own.apiKey);
    expect(res.status).toBe(200);
    expect(sim.sends.map((s) => s.instance)).toEqual(["own-key"]);
  });

  it("keeps /health public", async () => {
    const res = await call(sim, "GET", "/health", { key: null });
    expect(res).toEqual({ status: 200, body: { status: "ok", service: "TurboZap API" } });
  });
});

describe("recipients and body validation", () => {
  it.each([
    ["+55 (11) 99999-9999", "5511999999999@s.whatsapp.net"],
    ["5511999999999@s.whatsapp.net", "5511999999999@s.whatsapp.net"],
    ["55-11-99999-9999@s.whatsapp.net", "5511999999999@s.whatsapp.net"],
    ["120363000000000000@g.us", "120363000000000000@g.us"],
    ["1234567890", "1234567890@s.whatsapp.net"],
  ])("normalizes %s to %s", async (to, jid) => {
    const res = await sendText(sim, "main", to);
    expect(res.status).toBe(200);
    expect(sim.sends[0]?.to).toBe(jid);
  });

  it.each(["123456789", "1234567890123456", "", "abc", "12@34@s.whatsapp.net", "123@s.whatsapp.net"])(
    "rejects recipient %j with 400",
    async (to) => {
      const res = await sendText(sim, "main", to);
      expect(res).toEqual({
        status: 400,
        body: { success: false, error: { message: "Invalid recipient phone number" } },
      });
      expect(sim.sends).toHaveLength(0);
    },
  );

  it.each([
    ["text", { to: "5511999999999" }, "Text message is required"],
    ["media", { to: "5511999999999", caption: "x" }, "Either media_url or base64 is required"],
    ["audio", { to: "5511999999999", ptt: true }, "Either audio_url or base64 is required"],
    ["reaction", { to: "5511999999999", emoji: "👍" }, "Message ID is required"],
    ["media", { to: "5511999999999", base64: "not base64!" }, "Invalid base64 data"],
    ["media", { to: "5511999999999", media_url: "ftp://files/x.png" }, "Failed to download media from URL"],
  ])("%s with %j answers 400 %s", async (type, body, message) => {
    const res = await call(sim, "POST", `/api/message/main/${type}`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
    expect(sim.sends).toHaveLength(0);
  });

  it.each([
    ["malformed JSON", "{not json"],
    ["wrong type for text", JSON.stringify({ to: "5511999999999", text: 42 })],
    ["wrong type for to", JSON.stringify({ to: 5511999999999, text: "x" })],
    ["an array body", "[]"],
  ])("answers 400 'Invalid request body' for %s", async (_label, raw) => {
    const res = await call(sim, "POST", "/api/message/main/text", { body: raw });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Invalid request body");
  });

  it("ignores unknown fields", async () => {
    const res = await call(sim, "POST", "/api/message/main/text", {
      body: { to: "5511999999999", text: "x", something_else: [1, 2] },
    });
    expect(res.status).toBe(200);
  });
});

describe("accepted sends", () => {
  it("records each send type with its body and answers the MessageResponse envelope", async () => {
    const bodies = {
      text: { to: "5511999999999", text: "hello", mention_jids: ["5511888888888@s.whatsapp.net"] },
      media: { to: "5511999999999", media_url: "https://cdn.example/x.png", caption: "look" },
      audio: { to: "5511999999999", base64: "data:audio/ogg;base64,T2dnUw==", ptt: true },
      reaction: { to: "5511999999999", message_id: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "" },
    } as const;
    const ids: string[] = [];
    for (const [type, body] of Object.entries(bodies)) {
      const res = await call(sim, "POST", `/api/message/main/${type}`, { body });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.data.message_id).toMatch(MESSAGE_ID);
      expect(res.body.data.status).toBe("sent");
      expect(res.body.data.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(res.body.data.timestamp))).toBe(false);
      ids.push(res.body.data.message_id);
    }
    expect(sim.sends.map((s) => [s.seq, s.type, s.messageId])).toEqual([
      [1, "text", ids[0]],
      [2, "media", ids[1]],
      [3, "audio", ids[2]],
      [4, "reaction", ids[3]],
    ]);
    expect(sim.sends[0]?.body).toEqual(bodies.text);
    expect(sim.sends[0]?.acceptedAt).toBeInstanceOf(Date);
    expect(new Set(ids).size).toBe(4);
  });

  it("serves the recorded sends over the control API", async () => {
    await sendText(sim, "main");
    const res = await call(sim, "GET", "/_sim/sends", { key: null });
    expect(res.body.sends).toHaveLength(1);
    expect(res.body.sends[0]).toMatchObject({ seq: 1, instance: "main", type: "text" });
  });
});

describe("instance state on send", () => {
  it("unknown instance: 500 nil-pointer with a valid body, 404 with an invalid one", async () => {
    const valid = await sendText(sim, "ghost");
    expect(valid).toEqual({ status: 500, body: { success: false, error: { message: NIL_POINTER } } });
    const invalid = await sendText(sim, "ghost", "123");
    expect(invalid.status).toBe(404);
    expect(invalid.body.error.message).toBe("Instance not found");
    expect(sim.sends).toHaveLength(0);
  });

  it("disconnected instance answers 400 and recovers when the socket is back", async () => {
    sim.createInstance("flaky");
    sim.setConnected("flaky", false);
    const down = await sendText(sim, "flaky");
    expect(down.status).toBe(400);
    expect(down.body.error.message).toBe("Instance is not connected to WhatsApp");
    sim.setConnected("flaky", true);
    expect((await sendText(sim, "flaky")).status).toBe(200);
    expect(sim.sends).toHaveLength(1);
  });

  it("connected-but-not-paired instance fails with 500 'Failed to send message'", async () => {
    const unpaired = await startTurboZapSim({ autoConnect: false, receipts: false });
    try {
      unpaired.createInstance("q");
      await call(unpaired, "POST", "/api/instance/q/connect");
      const res = await sendText(unpaired, "q");
      expect(res.status).toBe(500);
      expect(res.body.error.message).toBe("Failed to send message");
      expect(unpaired.sends).toHaveLength(0);
      unpaired.pair("q");
      expect((await sendText(unpaired, "q")).status).toBe(200);
    } finally {
      await unpaired.close();
    }
  });
});

describe("contact check", () => {
  it("reports numbers ending in 0000 as not on WhatsApp and others with their JID", async () => {
    const res = await call(sim, "POST", "/api/contact/main/check", {
      body: { numbers: ["+55 11 99999-9999", "5511999990000", "12"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.results).toEqual([
      { number: "+55 11 99999-9999", jid: "5511999999999@s.whatsapp.net", exists: true, is_business: false },
      { number: "5511999990000", exists: false },
      { number: "12", exists: false },
    ]);
    expect(sim.checks.at(-1)).toMatchObject({
      instance: "main",
      numbers: ["+55 11 99999-9999", "5511999990000", "12"],
    });
    const served = await call(sim, "GET", "/_sim/checks", { key: null });
    expect(served.body.checks.at(-1).numbers).toHaveLength(3);
  });

  it("requires at least one number", async () => {
    const res = await call(sim, "POST", "/api/contact/main/check", { body: { numbers: [] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("At least one number is required");
  });
});

describe("presence", () => {
  it("records composing and recording with the chat's JID and time, cleared by clear, served under /_sim", async () => {
    const typing = await call(sim, "POST", "/api/presence/main/composing", {
      body: { to: "+55 (11) 99999-1234" },
    });
    expect(typing).toEqual({
      status: 200,
      body: {
        success: true,
        data: {
          presence: "composing",
          chat: "5511999991234@s.whatsapp.net",
          message: "Presence set to composing",
        },
      },
    });
    await call(sim, "POST", "/api/presence/main/recording", { body: { to: "5511999991234" } });
    await call(sim, "POST", "/api/presence/main/clear", { body: { to: "5511999991234" } });
    expect(sim.presences.map((p) => [p.seq, p.instance, p.to, p.state])).toEqual([
      [1, "main", "5511999991234@s.whatsapp.net", "composing"],
      [2, "main", "5511999991234@s.whatsapp.net", "recording"],
      [3, "main", "5511999991234@s.whatsapp.net", "paused"],
    ]);
    expect(sim.presences[0]?.at).toBeInstanceOf(Date);
    const served = await call(sim, "GET", "/_sim/presences", { key: null });
    expect(served.body.presences).toHaveLength(3);
    sim.clear();
    expect(sim.presences).toEqual([]);
  });

  it("checks the instance before the body: 404 unknown, 400 not connected, then the chat", async () => {
    sim.createInstance("presence-down", { connected: false });
    expect((await call(sim, "POST", "/api/presence/nope/composing", { body: {} })).status).toBe(404);
    const down = await call(sim, "POST", "/api/presence/presence-down/composing", {
      body: { to: "5511999991234" },
    });
    expect(down.body.error.message).toBe("Instance is not connected to WhatsApp");
    const missing = await call(sim, "POST", "/api/presence/main/composing", { body: {} });
    expect(missing).toMatchObject({ status: 400, body: { error: { message: "Chat JID is required" } } });
    const invalid = await call(sim, "POST", "/api/presence/main/composing", { body: { to: "123" } });
    expect(invalid).toMatchObject({ status: 400, body: { error: { message: "Invalid chat JID" } } });
    expect(sim.presences).toEqual([]);
  });

  it("fails with the gateway's 500 under presenceErrorRate, showing nothing", async () => {
    sim.setFaults({ presenceErrorRate: 1 });
    try {
      const res = await call(sim, "POST", "/api/presence/main/composing", { body: { to: "5511999991234" } });
      expect(res).toMatchObject({
        status: 500,
        body: { error: { message: "Failed to set composing presence" } },
      });
      expect(sim.presences).toEqual([]);
    } finally {
      sim.resetFaults();
    }
  });
});
