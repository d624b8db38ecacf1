import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { followEvents, type StreamState } from "../src/api/event-stream";
import type { TimelineEntry } from "../src/api/types";

function sseResponse(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { "content-type": "text/event-stream" } });
}

function entry(id: number): TimelineEntry {
  return { id, type: "MessageSent", occurredAt: "2030-01-01T00:00:00.000Z", actor: "worker:1", data: {} };
}

let calls: { url: string; headers: Record<string, string> }[];

beforeEach(() => {
  calls = [];
  vi.useFakeTimers();
  const storage = new Map([["whatlead.apiKey", "key-1"]]);
  vi.stubGlobal("sessionStorage", {
    getItem: (name: string) => storage.get(name) ?? null,
    setItem: (name: string, value: string) => storage.set(name, value),
    removeItem: (name: string) => storage.delete(name),
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function stubFetch(...responses: (() => Response)[]) {
  vi.stubGlobal("fetch", async (url: string, init: { headers: Record<string, string> }) => {
    calls.push({ url, headers: init.headers });
    const next = responses.shift();
    if (!next) return new Promise<Response>(() => {});
    return next();
  });
}

describe("following /v1/events", () => {
  it("parses events split across chunks, sends the key, and resumes with Last-Event-ID", async () => {
    const first = JSON.stringify(entry(41));
    stubFetch(
      () =>
        sseResponse([
          `: keep-alive\n\nid: 41\nevent: MessageSent\ndata: ${first.slice(0, 10)}`,
          `${first.slice(10)}\n\n`,
          `id: 42\nevent: MessageSent\ndata: ${JSON.stringify(entry(42))}\r\n\r\n`,
        ]),
      () => sseResponse([]),
    );
    const entries: TimelineEntry[] = [];
    const states: StreamState[] = [];
    const stop = followEvents({ onEntry: (e) => entries.push(e), onState: (s) => states.push(s) });
    await vi.advanceTimersByTimeAsync(0);
    expect(entries.map((e) => e.id)).toEqual([41, 42]);
    expect(calls[0]?.headers).toMatchObject({ authorization: "Bearer key-1", accept: "text/event-stream" });
    expect(calls[0]?.headers["last-event-id"]).toBeUndefined();

    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls[1]?.headers["last-event-id"]).toBe("42");
    expect(states.slice(0, 4)).toEqual(["connecting", "live", "reconnecting", "reconnecting"]);
    stop();
  });

  it("reports the stream unavailable when the server has no /v1/events, so the app polls", async () => {
    stubFetch(() => new Response(JSON.stringify({ error: { code: "NOT_FOUND" } }), { status: 404 }));
    const states: StreamState[] = [];
    const stop = followEvents({ onEntry: () => {}, onState: (s) => states.push(s) });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(["connecting", "unavailable"]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    stop();
  });
});
