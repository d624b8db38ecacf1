import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  h.executor.worker.start();
});
afterAll(() => h.close());

describe("smoke on PGlite (the embedded default)", () => {
  it("registers an instance, sends TEXT, MEDIA, AUDIO and REACTION intents, each exactly once", async () => {
    const instance = await h.request({
      method: "POST",
      url: "/v1/instances",
      payload: { name: "embedded-1" },
    });
    expect(instance.json()).toMatchObject({ status: "connected", provider: "turbozap" });
    const payloads = [
      { type: "TEXT", payload: { text: "Olá" } },
      {
        type: "MEDIA",
        payload: { mediaUrl: "https://cdn.test/a.jpg", mimeType: "image/jpeg", caption: "c" },
      },
      { type: "AUDIO", payload: { audioUrl: "https://cdn.test/a.ogg", ptt: true } },
      { type: "REACTION", payload: { messageRef: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "👍" } },
    ];
    const ids: string[] = [];
    for (const [i, body] of payloads.entries()) {
      const created = await h.request({
        method: "POST",
        url: "/v1/intents",
        payload: { target: { kind: "PHONE", value: `551199999200${i}` }, ...body },
      });
      expect(created.statusCode).toBe(201);
      const approved = await h.request({
        method: "POST",
        url: `/v1/intents/${created.json().id}/approve`,
        payload: { instanceId: instance.json().id },
      });
      expect(approved.statusCode).toBe(200);
      ids.push(created.json().id);
    }
    for (const id of ids) {
      const body = await eventually(async () => {
        const b = (await h.request({ method: "GET", url: `/v1/intents/${id}` })).json();
        return b.status === "SENT" ? b : undefined;
      });
      expect(body.job.providerMessageId).toMatch(/^3EB0[0-9A-F]{18}$/);
    }
    expect(h.sim.sends.map((s) => s.type)).toEqual(["text", "media", "audio", "reaction"]);
    const list = (await h.request({ method: "GET", url: "/v1/jobs?status=SENT" })).json();
    expect(list.items).toHaveLength(4);
  });
});
