import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MessageIntentBlocked } from "../../src/domain/timeline/domain-event";
import type { FeedPosition } from "../../src/domain/timeline/timeline-feed";
import type { ClaimedWebhookDelivery, WebhookAttempt } from "../../src/domain/webhook/webhook-delivery";
import type { WebhookEventType } from "../../src/domain/webhook/webhook-event-types";
import { createPersistence, type Persistence } from "../../src/infra/database/persistence";
import { createPgliteTestDatabase } from "../support/create-pglite-test-database";
import { createTestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { resetDatabase } from "../support/reset-database";

const LEASE_MS = 30_000;
const later = (ms: number) => new Date(Date.now() + ms);

/**
 * The webhook and live-feed repositories on both real databases: the fan-out trigger, leases and
 * fences of deliveries, the delivery log, and the feed's positions.
 */
describe.each(["PostgreSQL", "PGlite"] as const)("%s webhook repositories and timeline feed", (name) => {
  let close: () => Promise<void>;
  let reset: () => Promise<void>;
  let p: Persistence;

  beforeAll(async () => {
    const database = name === "PostgreSQL" ? await createTestDatabase() : await createPgliteTestDatabase();
    p = createPersistence(database.database);
    close = database.close;
    reset = () => resetDatabase(database.db);
  });
  afterAll(() => close());
  beforeEach(() => reset());

  async function endpoint(organizationId: string, events: WebhookEventType[]) {
    const value = {
      id: randomUUID(),
      organizationId,
      url: `https://example.test/${organizationId}`,
      events,
      secret: `whsec_${organizationId}`,
      createdAt: new Date(),
    };
    await p.webhookEndpoints.insert(value);
    return value;
  }

  function blocked(organizationId: string): MessageIntentBlocked {
    const base = { organizationId, intentId: randomUUID(), occurredAt: new Date(), actor: "test" };
    return { ...base, type: "MessageIntentBlocked", reason: "r" };
  }

  const claim = (deliveredBy: string, now = later(1_000), limit = 10, perEndpointLimit = 10) =>
    p.webhookDeliveries.claimDue({ deliveredBy, limit, leaseMs: LEASE_MS, perEndpointLimit, now });

  function attempt(claimed: ClaimedWebhookDelivery, statusCode: number | null): WebhookAttempt {
    const error = statusCode === 200 ? null : statusCode === null ? "ECONNREFUSED" : `HTTP ${statusCode}`;
    return { attempt: claimed.attempt, startedAt: new Date(), finishedAt: new Date(), statusCode, error };
  }

  it("owes an event to each subscribed endpoint of its organization, and to no other", async () => {
    const subscribed = await endpoint("org-a", ["MessageIntentBlocked", "MessageSent"]);
    await endpoint("org-a", ["MessageSent"]);
    await endpoint("org-b", ["MessageIntentBlocked"]);
    const event = blocked("org-a");
    await p.repos.timeline.append([event]);

    const claimed = await claim("d1");
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({
      attempt: 1,
      url: subscribed.url,
      secret: subscribed.secret,
      eventType: "MessageIntentBlocked",
      event: { type: "MessageIntentBlocked", intentId: event.intentId, reason: "r" },
    });
  });

  it("owes nothing for a timeline row whose transaction rolled back", async () => {
    await endpoint("org-a", ["MessageIntentBlocked"]);
    await expect(
      p.uow.run(async (repos) => {
        await repos.timeline.append([blocked("org-a")]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await claim("d1")).toEqual([]);
  });

  it("leases a delivery to one deliverer; a deliverer whose lease expired cannot record its outcome", async () => {
    const hook = await endpoint("org-a", ["MessageIntentBlocked"]);
    await p.repos.timeline.append([blocked("org-a")]);
    const [first] = await claim("d1");
    if (!first) throw new Error("nothing claimed");
    expect(await claim("d2")).toEqual([]);

    const [second] = await claim("d2", later(LEASE_MS + 2_000));
    expect(second).toMatchObject({ id: first.id, attempt: 2, deliveredBy: "d2" });
    if (!second) throw new Error("nothing reclaimed");
    expect(await p.webhookDeliveries.finish(first, { kind: "succeeded", attempt: attempt(first, 200) })).toBe(
      false,
    );
    expect(
      await p.webhookDeliveries.finish(second, { kind: "succeeded", attempt: attempt(second, 200) }),
    ).toBe(true);

    const page = await p.webhookDeliveries.listForEndpoint(hook.id, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: "SUCCEEDED", attempts: 2, nextAttemptAt: null });
    expect(page.items[0]?.log.map((a) => a.attempt)).toEqual([2]);
    expect(page.items[0]?.finishedAt).toBeInstanceOf(Date);
  });

  it("passes over an endpoint that holds its share of live leases, so a slow one cannot starve the others", async () => {
    const slow = await endpoint("org-a", ["MessageIntentBlocked"]);
    const healthy = await endpoint("org-b", ["MessageIntentBlocked"]);
    await p.repos.timeline.append([blocked("org-a")]);
    await p.repos.timeline.append([blocked("org-a")]);
    await p.repos.timeline.append([blocked("org-b")]);
    const now = later(1_000);

    const [first] = await claim("d1", now, 1, 1);
    expect(first?.url).toBe(slow.url);
    const [second, ...none] = await claim("d2", now, 10, 1);
    expect(second?.url).toBe(healthy.url);
    expect(none).toEqual([]);
    if (!first) throw new Error("nothing claimed");
    await p.webhookDeliveries.finish(first, { kind: "succeeded", attempt: attempt(first, 200) });
    const [third] = await claim("d1", now, 10, 1);
    expect(third?.url).toBe(slow.url);
  });

  it("holds a retried delivery until its next attempt time, and logs every attempt", async () => {
    const hook = await endpoint("org-a", ["MessageIntentBlocked"]);
    await p.repos.timeline.append([blocked("org-a")]);
    const [first] = await claim("d1");
    if (!first) throw new Error("nothing claimed");
    const retryAt = later(10_000);
    await p.webhookDeliveries.finish(first, {
      kind: "retry",
      attempt: attempt(first, 500),
      nextAttemptAt: retryAt,
    });
    expect(await claim("d1", later(5_000))).toEqual([]);
    const [again] = await claim("d1", later(11_000));
    if (!again) throw new Error("nothing claimed after the retry time");
    await p.webhookDeliveries.finish(again, { kind: "gave-up", attempt: attempt(again, null) });

    const [delivery] = (await p.webhookDeliveries.listForEndpoint(hook.id, { limit: 10 })).items;
    expect(delivery?.status).toBe("FAILED");
    expect(delivery?.log.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, "HTTP 500"],
      [2, null, "ECONNREFUSED"],
    ]);
    expect(delivery?.log[0]?.startedAt).toBeInstanceOf(Date);
  });

  it("pages an endpoint's deliveries newest first, and deleting the endpoint drops what it was owed", async () => {
    const hook = await endpoint("org-a", ["MessageIntentBlocked"]);
    for (let i = 0; i < 3; i++) await p.repos.timeline.append([blocked("org-a")]);
    const first = await p.webhookDeliveries.listForEndpoint(hook.id, { limit: 2 });
    const rest = await p.webhookDeliveries.listForEndpoint(hook.id, {
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    // Newest first by creation time; PGlite's clock has millisecond resolution, so two deliveries
    // may share a timestamp and then follow their ids rather than the events' order.
    const listed = [...first.items, ...rest.items];
    expect(listed.map((d) => Number(d.timelineEventId)).sort()).toEqual([1, 2, 3]);
    const times = listed.map((d) => d.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rest.nextCursor).toBeNull();

    expect(await p.webhookEndpoints.delete("org-b", hook.id)).toBe(false);
    expect(await p.webhookEndpoints.delete("org-a", hook.id)).toBe(true);
    expect(await p.webhookEndpoints.findById("org-a", hook.id)).toBeNull();
    expect(await claim("d1")).toEqual([]);
  });

  it("reads the organization's committed entries after a position, resuming after an entry id", async () => {
    const feed = p.timelineFeed;
    const before = await feed.current();
    const events = [blocked("org-a"), blocked("org-b"), blocked("org-a")];
    for (const event of events) await p.repos.timeline.append([event]);

    // Rows are final once every older transaction of the server has ended: other test files'
    // transactions on the same server can hold that back for a moment.
    const read = (position: FeedPosition, count: number) =>
      eventually(async () => {
        const batch = await feed.read("org-a", position, 10);
        return batch.entries.length === count ? batch : undefined;
      });
    const all = await read(feed.start(), 2);
    const intentOf = (event: object | undefined) => (event as { intentId?: string } | undefined)?.intentId;
    expect(all.entries.map((e) => intentOf(e.event))).toEqual([intentOf(events[0]), intentOf(events[2])]);
    await read(before, 2);
    const firstId = all.entries[0]?.id ?? "";
    const resumed = await feed.after("org-a", firstId);
    if (!resumed) throw new Error("no position after the first entry");
    expect((await read(resumed, 1)).entries.map((e) => e.id)).toEqual([all.entries[1]?.id]);
    expect((await feed.read("org-a", all.position, 10)).entries).toEqual([]);
    expect(await feed.after("org-b", firstId)).toBeNull();
    expect(await feed.after("org-a", "999999")).toBeNull();
  });

  it("reads one transaction's entries in id order, numerically across a digit boundary", async () => {
    await p.repos.timeline.append(Array.from({ length: 12 }, () => blocked("org-a")));
    const batch = await eventually(async () => {
      const read = await p.timelineFeed.read("org-a", p.timelineFeed.start(), 100);
      return read.entries.length === 12 ? read : undefined;
    });
    expect(batch.entries.map((e) => Number(e.id))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(batch.position.id).toBe("12");
  });
});
