import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWuzapiSim, type WuzapiSim } from "../src/index";
import { call, IMAGE, outcomeOf, sendText } from "./helpers";

let sim: WuzapiSim;
let token: string;

beforeAll(async () => {
  sim = await startWuzapiSim({ receipts: false });
  token = sim.createInstance("main").token;
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clear();
  sim.resetFaults();
});

describe("envelope and auth", () => {
  it("answers {code, data, success} with the WhatsApp id and the server-ack time", async () => {
    const res = await sendText(sim, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 200, success: true, data: { Details: "Sent" } });
    expect(res.body.data.Id).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(res.body.data.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-03:00$/);
    expect(sim.sends[0]).toMatchObject({
      messageId: res.body.data.Id,
      instance: "main",
      to: "5511999999999@s.whatsapp.net",
    });
  });

  it("answers 401 for a missing or unknown token, and takes ?token=", async () => {
    expect(await call(sim, "POST", "/chat/send/text", { body: {} })).toEqual({
      status: 401,
      body: { code: 401, error: "Unauthorized", success: false },
    });
    expect((await sendText(sim, "nope")).status).toBe(401);
    const viaQuery = await call(sim, "POST", `/chat/send/text?token=${token}`, {
      body: { Phone: "5511999999999", Body: "x" },
    });
    expect(viaQuery.status).toBe(200);
  });

  it("answers 500 'No session' before looking at the body", async () => {
    const idle = sim.createInstance("idle", { connected: false });
    const res = await call(sim, "POST", "/chat/send/text", { token: idle.token, body: "{not json" });
    expect(res).toEqual({ status: 500, body: { code: 500, error: "No session", success: false } });
  });
});

describe("ids", () => {
  it("uses the caller's Id verbatim, any string", async () => {
    const res = await sendText(sim, token, { Id: "3EB0ABCDEF0123456789AB" });
    expect(res.body.data.Id).toBe("3EB0ABCDEF0123456789AB");
    const odd = await sendText(sim, token, { id: "my-own-id" });
    expect(odd.body.data.Id).toBe("my-own-id");
    expect(sim.sends.map((s) => s.messageId)).toEqual(["3EB0ABCDEF0123456789AB", "my-own-id"]);
  });

  it("sends the same Id twice when asked: nothing remembers ids", async () => {
    await sendText(sim, token, { Id: "3EB0000000000000000001" });
    await sendText(sim, token, { Id: "3EB0000000000000000001" });
    expect(sim.sends).toHaveLength(2);
  });

  it("makes 3EB0 + 16 hex ids for media, 3EB0 + 18 for text", async () => {
    const image = await call(sim, "POST", "/chat/send/image", {
      token,
      body: { Phone: "5511999999999", Image: IMAGE },
    });
    expect(image.body.data.Id).toMatch(/^3EB0[0-9A-F]{16}$/);
  });

  it("reacts under the target's id", async () => {
    const res = await call(sim, "POST", "/chat/react", {
      token,
      body: { Phone: "5511999999999", Body: "👍", Id: "me:3EB0TARGET00000000000" },
    });
    expect(res.body.data.Id).toBe("3EB0TARGET00000000000");
  });
});

describe("validation", () => {
  it.each([
    ["/chat/send/text", { Body: "x" }, "Missing Phone in Payload"],
    ["/chat/send/text", { Phone: "5511999999999" }, "Missing Body in Payload"],
    ["/chat/send/text", { Phone: "a@b@c", Body: "x" }, "Could not parse Phone"],
    [
      "/chat/send/text",
      { Phone: "5511999999999", Body: "x", ContextInfo: { StanzaID: "1" } },
      "Missing Participant in ContextInfo",
    ],
    ["/chat/send/image", { Phone: "5511999999999" }, "Missing Image in Payload"],
    [
      "/chat/send/image",
      { Phone: "5511999999999", Image: "https://x.example/a.png" },
      'Image data should start with "data:image/png;base64,"',
    ],
    [
      "/chat/send/image",
      { Phone: "5511999999999", Image: "data:image/png;base64,@@@" },
      "Could not decode base64 encoded data from payload",
    ],
    [
      "/chat/send/document",
      { Phone: "5511999999999", Document: "data:application/octet-stream;base64,AAAA" },
      "Missing FileName in Payload",
    ],
    ["/chat/react", { Phone: "5511999999999", Body: "👍" }, "Missing Id in Payload"],
    ["/chat/send/text", { Phone: 5511999999999, Body: "x" }, "Could not decode Payload"],
  ])("%s %j → 400 %s", async (path, body, error) => {
    const res = await call(sim, "POST", path, { token, body });
    expect(res).toEqual({ status: 400, body: { code: 400, error, success: false } });
    expect(sim.sends).toHaveLength(0);
  });

  it.each([
    ["/chat/send/image", { Phone: "5511999999999", Image: "data:x" }],
    ["/chat/send/audio", { Phone: "5511999999999", Audio: "data:audio" }],
    [
      "/chat/send/document",
      {
        Phone: "5511999999999",
        Document: "data:application/octet-stream;base64,AAAA",
        FileName: "a.pdf",
        ContextInfo: { StanzaID: "1", Participant: "x@s.whatsapp.net" },
      },
    ],
    [
      "/chat/send/image",
      { Phone: "5511999999999", Image: IMAGE, ContextInfo: { MentionedJID: ["x@s.whatsapp.net"] } },
    ],
  ])("%s %j panics: the connection closes with no answer, nothing sent", async (path, body) => {
    expect(await outcomeOf(call(sim, "POST", path, { token, body }))).toBe("TypeError");
    expect(sim.sends).toHaveLength(0);
  });

  it("takes a number not on WhatsApp with a 200 (no existence check)", async () => {
    const res = await sendText(sim, token, { Phone: "+5511999990000" });
    expect(res.status).toBe(200);
    expect(sim.sends[0]?.to).toBe("5511999990000@s.whatsapp.net");
  });
});

describe("whatsmeow failures", () => {
  it("a dropped websocket: 500 'Error sending message: websocket not connected', nothing sent", async () => {
    const dropped = sim.createInstance("dropped");
    sim.setConnected("dropped", false);
    const res = await sendText(sim, dropped.token);
    expect(res).toEqual({
      status: 500,
      body: { code: 500, error: "Error sending message: websocket not connected", success: false },
    });
    expect(sim.sends).toHaveLength(0);
  });

  it("an @lid recipient: 500 'can't send message to unknown server lid'", async () => {
    const res = await sendText(sim, token, { Phone: "123456789@lid" });
    expect(res.body.error).toBe("Error sending message: can't send message to unknown server lid");
  });
});

describe("chat presence", () => {
  it("records composing, and composing with Media audio as recording", async () => {
    const res = await call(sim, "POST", "/chat/presence", {
      token,
      body: { Phone: "5511999991234", State: "composing", Media: "" },
    });
    expect(res.body).toEqual({
      code: 200,
      data: { Details: "Chat presence set successfuly" },
      success: true,
    });
    await call(sim, "POST", "/chat/presence", {
      token,
      body: { Phone: "5511999991234", State: "composing", Media: "audio" },
    });
    expect(sim.presences.map((p) => [p.to, p.state])).toEqual([
      ["5511999991234@s.whatsapp.net", "composing"],
      ["5511999991234@s.whatsapp.net", "recording"],
    ]);
  });

  it("needs Phone and State, and a live socket", async () => {
    const noState = await call(sim, "POST", "/chat/presence", { token, body: { Phone: "5511999991234" } });
    expect(noState.body).toMatchObject({ code: 400, error: "Missing State in Payload" });
    sim.setFaults({ presenceErrorRate: 1 });
    try {
      const failed = await call(sim, "POST", "/chat/presence", {
        token,
        body: { Phone: "5511999991234", State: "composing" },
      });
      expect(failed.body).toMatchObject({
        code: 500,
        error: "Failure sending chat presence to Whatsapp servers",
      });
    } finally {
      sim.resetFaults();
    }
    expect(sim.presences).toEqual([]);
  });
});
