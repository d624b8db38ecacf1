import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageIntentCreated } from "../../src/domain/timeline/domain-event";
import { type Harness, startHarness } from "../support/executor-harness";
import { connectEvents, type ServerSentEvent } from "../support/sse-client";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "postgres", poolSize: 16, settings: { EVENTS_POLL_INTERVAL_MS: 20 } });
});
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function created(organizationId = h.organization.id): MessageIntentCreated {
  return {
    type: "MessageIntentCreated",
    organizationId,
    intentId: randomUUID(),
    occurredAt: new Date(),
    actor: "test",
  };
}

/**
 * One writer until told to stop (200 transactions at most): transactions of 1–3 timeline rows that
 * stay open a random while after inserting, so ids are taken in one order and committed in
 * another; one in five rolls back.
 */
async function writer(shouldStop: () => boolean, organizationId?: string): Promise<void> {
  for (let i = 0; i < 200 && !shouldStop(); i++) {
    const rollback = Math.random() < 0.2;
    await h.persistence.uow
      .run(async (repos) => {
        const rows = 1 + Math.floor(Math.random() * 3);
        for (let r = 0; r < rows; r++) await repos.timeline.append([created(organizationId)]);
        await sleep(Math.random() * 15);
        if (rollback) throw new Error("rolled back on purpose");
      })
      .catch((error: Error) => {
        if (error.message !== "rolled back on purpose") throw error;
      });
  }
}

async function timelineIds(organizationId = h.organization.id): Promise<string[]> {
  const result = await h.database.db.execute(
    sql`select id::text as id from timeline_event where organization_id = ${organizationId} order by timeline_event.id`,
  );
  return (result.rows as { id: string }[]).map((row) => row.id);
}

describe("GET /v1/events (Server-Sent Events)", () => {
  it("loses no event and repeats none across disconnects, while many writers commit out of id order", async () => {
    const union: ServerSentEvent[] = [];
    let connection = await connectEvents(h);
    expect(connection.statusCode).toBe(200);
    expect(connection.headers["content-type"]).toContain("text/event-stream");

    // The writers go on until the client has disconnected and resumed several times under them.
    let reconnects = 0;
    const writers = Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writer(() => reconnects >= 8, i % 4 === 0 ? "org-other" : undefined),
      ),
    );
    while (reconnects < 8) {
      await connection.waitFor(1 + Math.floor(Math.random() * 15)).catch(() => {});
      connection.disconnect();
      union.push(...connection.received);
      const last = union.at(-1)?.id;
      connection = await connectEvents(h, last === undefined ? {} : { lastEventId: last });
      expect(connection.statusCode).toBe(200);
      reconnects++;
    }
    await writers;
    const expected = await timelineIds();
    await connection.waitFor(expected.length - union.length);
    union.push(...connection.received);
    connection.disconnect();

    const ids = union.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => Number(a) - Number(b))).toEqual(expected);
    // The stream carries the organization's events only, each whole.
    expect(union.every((e) => e.event === "MessageIntentCreated")).toBe(true);
    expect(union[0]?.data).toMatchObject({ id: union[0]?.id, type: "MessageIntentCreated", actor: "test" });
  }, 120_000);

  it("replays the organization's whole timeline from Last-Event-ID 0, never another organization's", async () => {
    const expected = await timelineIds();
    const connection = await connectEvents(h, { lastEventId: "0" });
    await connection.waitFor(expected.length);
    connection.disconnect();
    expect(connection.received.map((e) => e.id).sort((a, b) => Number(a) - Number(b))).toEqual(expected);
    const others = new Set(await timelineIds("org-other"));
    expect(others.size).toBeGreaterThan(0);
    expect(connection.received.some((e) => others.has(e.id))).toBe(false);
  });

  it("refuses a Last-Event-ID that is not an event of the caller's organization", async () => {
    const [otherId] = await timelineIds("org-other");
    const foreign = await h.request({
      method: "GET",
      url: "/v1/events",
      headers: { "last-event-id": otherId },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe("UNKNOWN_EVENT_ID");
    const malformed = await h.request({ method: "GET", url: "/v1/events?lastEventId=abc" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("VALIDATION_ERROR");
  });
});
