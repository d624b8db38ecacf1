import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageIntentCreated } from "../../src/domain/timeline/domain-event";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { connectEvents } from "../support/sse-client";

const POLL_MS = 50;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    database: "postgres",
    settings: { EVENTS_POLL_INTERVAL_MS: POLL_MS, EVENTS_MAX_STREAMS_PER_KEY: 3 },
  });
});
afterAll(() => h.close());

function created(organizationId: string): MessageIntentCreated {
  return {
    type: "MessageIntentCreated",
    organizationId,
    intentId: randomUUID(),
    occurredAt: new Date(),
    actor: "t",
  };
}

describe("open event streams", () => {
  it("end within a poll interval of their key's revocation, delivering nothing after it", async () => {
    const b = await h.createOrganization("streams-revoked");
    const [key] = await h.executor.http.apiKeys.list("streams-revoked");
    const stream = await connectEvents(b);
    expect(stream.statusCode).toBe(200);
    await h.persistence.repos.timeline.append([created(b.id)]);
    await stream.waitFor(1);

    await h.executor.http.apiKeys.revoke(key?.id ?? "");
    await Promise.race([
      stream.ended,
      new Promise((_, reject) => setTimeout(() => reject(new Error("stream still open")), 20 * POLL_MS)),
    ]);
    await h.persistence.repos.timeline.append([created(b.id)]);
    expect(stream.received.map((e) => e.event)).toEqual(["MessageIntentCreated", "revoked"]);
    const again = await b.request({ method: "GET", url: "/v1/events" });
    expect(again.statusCode).toBe(401);
  });

  it("are limited per API key (429 TOO_MANY_STREAMS), and a closed one frees its place", async () => {
    const c = await h.createOrganization("streams-many");
    const streams = await Promise.all([connectEvents(c), connectEvents(c), connectEvents(c)]);
    expect(streams.map((s) => s.statusCode)).toEqual([200, 200, 200]);
    const fourth = await c.request({ method: "GET", url: "/v1/events" });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe("TOO_MANY_STREAMS");
    // Another key is not held back by this one's streams.
    const other = await connectEvents(h);
    expect(other.statusCode).toBe(200);
    other.disconnect();

    streams[0]?.disconnect();
    const replacement = await eventually(async () => {
      const next = await connectEvents(c);
      if (next.statusCode === 200) return next;
      return undefined;
    });
    for (const s of [...streams, replacement]) s.disconnect();
  });
});
