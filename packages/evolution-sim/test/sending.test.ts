import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EvolutionSim, startEvolutionSim } from "../src/index";
import { call, sendText } from "./helpers";

const MESSAGE_ID = /^3EB0[0-9A-F]{18}$/;

let sim: EvolutionSim;

beforeAll(async () => {
  sim = await startEvolutionSim({ apiKey: "global-key", receipts: false });
  sim.createInstance("main");
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clear();
  sim.resetFaults();
});

describe("guards", () => {
  it("answers 404 for an unknown instance before looking at the key", async () => {
    const res = await sendText(sim, "ghost", undefined, null);
    expect(res).toEqual({
      status: 404,
      body: {
        status: 404,
        error: "Not Found",
        response: { message: ['The "ghost" instance does not exist'] },
      },
    });
  });

  it("answers 401 with a string message for a missing or wrong key", async () => {
    for (const key of [null, "wrong"]) {
      const res = await sendText(sim, "main", undefined, key);
      expect(res).toEqual({
        status: 401,
        body: { status: 401, error: "Unauthorized", response: { message: "Unauthorized" } },
      });
    }
    expect(sim.sends).toHaveLength(0);
  });

  it("takes an instance's hash on its own paths only", async () => {
    const own = sim.createInstance("own");
    expect((await sendText(sim, "own", undefined, own.apiKey)).status).toBe(201);
    expect((await sendText(sim, "main", undefined, own.apiKey)).status).toBe(401);
  });
});

describe("sendText", () => {
  it("answers 201 with the bare PENDING message, a new 3EB0 id per call and no idempotency", async () => {
    const first = await sendText(sim, "main");
    const second = await sendText(sim, "main");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      key: { remoteJid: "5511999999999@s.whatsapp.net", fromMe: true },
      status: "PENDING",
      message: { conversation: "Olá" },
      messageType: "conversation",
      source: "web",
    });
    expect(first.body.key.id).toMatch(MESSAGE_ID);
    expect(Number.isInteger(first.body.messageTimestamp)).toBe(true);
    expect(second.body.key.id).not.toBe(first.body.key.id);
    expect(sim.sends.map((s) => s.messageId)).toEqual([first.body.key.id, second.body.key.id]);
  });

  it("ignores a caller-chosen id", async () => {
    const res = await call(sim, "POST", "/message/sendText/main", {
      body: { number: "5511999999999", text: "x", messageId: "3EB0AAAAAAAAAAAAAAAAAA" },
    });
    expect(res.body.key.id).not.toBe("3EB0AAAAAAAAAAAAAAAAAA");
  });

  it("answers with the JID WhatsApp resolved: a Brazilian DDD ≥ 31 mobile loses its 9", async () => {
    const res = await sendText(sim, "main", "+55 (31) 99999-8888");
    expect(res.body.key.remoteJid).toBe("553199998888@s.whatsapp.net");
    expect(sim.sends[0]?.to).toBe("553199998888@s.whatsapp.net");
  });

  it("answers 400 exists:false for a number not on WhatsApp, and sends nothing", async () => {
    const res = await sendText(sim, "main", "5511999990000");
    expect(res).toEqual({
      status: 400,
      body: {
        status: 400,
        error: "Bad Request",
        response: {
          message: [{ jid: "5511999990000@s.whatsapp.net", exists: false, number: "5511999990000" }],
        },
      },
    });
    expect(sim.sends).toHaveLength(0);
  });

  it.each([
    [{ text: "x" }, [['instance requires property "number"']]],
    [{ number: 5511999999999, text: "x" }, [["Invalid format"]]],
    [{ number: "5511999999999", text: "x", delay: "soon" }, [["Enter a value in milliseconds"]]],
    [{ number: "5511999999999", text: "  " }, ["Text is required"]],
  ])("answers 400 for %j with message %j", async (body, message) => {
    const res = await call(sim, "POST", "/message/sendText/main", { body });
    expect(res).toEqual({ status: 400, body: { status: 400, error: "Bad Request", response: { message } } });
    expect(sim.sends).toHaveLength(0);
  });

  it("answers malformed JSON with a 400 named Internal Server Error", async () => {
    const res = await call(sim, "POST", "/message/sendText/main", { body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("Internal Server Error");
    expect(typeof res.body.response.message).toBe("string");
  });

  it("holds the request for `delay` milliseconds before sending", async () => {
    const started = Date.now();
    const res = await call(sim, "POST", "/message/sendText/main", {
      body: { number: "5511999999999", text: "x", delay: 150 },
    });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(sim.sends[0]?.acceptedAt.getTime()).toBeGreaterThanOrEqual(started + 145);
  });
});

describe("other message types", () => {
  it("sends media chosen by mediatype, needing a URL with a TLD or bare base64", async () => {
    const ok = await call(sim, "POST", "/message/sendMedia/main", {
      body: {
        number: "5511999999999",
        mediatype: "image",
        media: "https://cdn.example.com/a.jpg",
        caption: "c",
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.messageType).toBe("imageMessage");
    for (const media of ["http://minio:9000/a.jpg", "data:image/png;base64,AAAA"]) {
      const bad = await call(sim, "POST", "/message/sendMedia/main", {
        body: { number: "5511999999999", mediatype: "image", media },
      });
      expect(bad.body.response.message).toEqual(["Owned media must be a url or base64"]);
    }
    const doc = await call(sim, "POST", "/message/sendMedia/main", {
      body: { number: "5511999999999", mediatype: "document", media: "AAAA" },
    });
    expect(doc.body.response.message).toEqual(["For base64 the file name must be informed."]);
  });

  it("sends voice notes and reactions", async () => {
    const audio = await call(sim, "POST", "/message/sendWhatsAppAudio/main", {
      body: { number: "5511999999999", audio: "https://cdn.example.com/a.ogg" },
    });
    expect(audio.body.message.audioMessage).toEqual({ ptt: true, mimetype: "audio/ogg; codecs=opus" });
    const key = { id: audio.body.key.id, remoteJid: "5511999999999@s.whatsapp.net", fromMe: true };
    const reaction = await call(sim, "POST", "/message/sendReaction/main", { body: { key, reaction: "👍" } });
    expect(reaction.status).toBe(201);
    expect(reaction.body.messageType).toBe("reactionMessage");
    const bad = await call(sim, "POST", "/message/sendReaction/main", { body: { key, reaction: "ok" } });
    expect(bad.status).toBe(400);
    expect(sim.sends.map((s) => s.type)).toEqual(["audio", "reaction"]);
  });
});

describe("the socket down", () => {
  it("answers 500 'Connection Closed' for a number never looked up, 400 ['Error: Connection Closed'] for a cached one", async () => {
    sim.createInstance("flaky");
    expect((await sendText(sim, "flaky", "5511988887777")).status).toBe(201);
    sim.setConnected("flaky", false);
    const cached = await sendText(sim, "flaky", "5511988887777");
    expect(cached).toEqual({
      status: 400,
      body: { status: 400, error: "Bad Request", response: { message: ["Error: Connection Closed"] } },
    });
    const fresh = await sendText(sim, "flaky", "5511977776666");
    expect(fresh).toEqual({
      status: 500,
      body: { status: 500, error: "Internal Server Error", response: { message: "Connection Closed" } },
    });
    expect(sim.sends).toHaveLength(1);
  });

  it("answers 500 reading 'onWhatsApp' for an instance never connected", async () => {
    sim.createInstance("never", { connected: false });
    const res = await sendText(sim, "never");
    expect(res.status).toBe(500);
    expect(res.body.response.message).toBe("Cannot read properties of undefined (reading 'onWhatsApp')");
  });
});

describe("sendPresence", () => {
  it("holds the request for delay, logging the presence and then paused, and answers 201", async () => {
    const pending = call(sim, "POST", "/chat/sendPresence/main", {
      body: { number: "+55 11 99999-1234", presence: "recording", delay: 60 },
    });
    const res = await pending;
    expect(res).toEqual({ status: 201, body: { presence: "recording" } });
    const [shown, paused] = sim.presences;
    expect(shown).toMatchObject({
      instance: "main",
      to: "5511999991234@s.whatsapp.net",
      state: "recording",
      delayMs: 60,
    });
    expect(paused).toMatchObject({ state: "paused" });
    expect((paused?.at.getTime() ?? 0) - (shown?.at.getTime() ?? 0)).toBeGreaterThanOrEqual(59);
  });

  it("requires number, presence and delay, and refuses a number not on WhatsApp", async () => {
    const missing = await call(sim, "POST", "/chat/sendPresence/main", { body: { number: "5511999991234" } });
    expect(missing.status).toBe(400);
    expect(missing.body.response.message).toEqual([
      ['instance requires property "presence"', 'instance requires property "delay"'],
    ]);
    const unknown = await call(sim, "POST", "/chat/sendPresence/main", {
      body: { number: "5511999990000", presence: "composing", delay: 0 },
    });
    expect(unknown).toMatchObject({ status: 400, body: { response: { message: ["[object Object]"] } } });
    expect(sim.presences).toEqual([]);
  });
});
