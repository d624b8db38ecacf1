import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { TimelineEntry } from "../../src/domain/timeline/timeline-entry";
import type { FeedPosition, TimelineFeed } from "../../src/domain/timeline/timeline-feed";
import { createPersistence } from "../../src/infra/database/persistence";
import { SharedFeedReader } from "../../src/infra/events/shared-feed-reader";
import { eventually } from "../support/executor-harness";
import { ORG } from "../support/fixtures";
import { useInMemoryDatabase } from "../support/use-in-memory-database";

// The one reader behind every live stream of a process, on the production SQL (in-memory PGlite).

const database = useInMemoryDatabase();
const STREAMS = 100;

function created() {
  return {
    type: "MessageIntentCreated" as const,
    organizationId: ORG,
    intentId: randomUUID(),
    occurredAt: new Date(),
    actor: "t",
  };
}

/** The feed, counting its reads. */
function counted(feed: TimelineFeed): { feed: TimelineFeed; reads: () => number } {
  let reads = 0;
  return {
    feed: {
      start: () => feed.start(),
      current: () => feed.current(),
      after: (organizationId, entryId) => feed.after(organizationId, entryId),
      read: (organizationId, position: FeedPosition, limit) => {
        reads += 1;
        return feed.read(organizationId, position, limit);
      },
    },
    reads: () => reads,
  };
}

it("feeds 100 streams every entry once, in order, with one read per commit rather than one per stream", async () => {
  const { repos, timelineFeed } = createPersistence(await database());
  const { feed, reads } = counted(timelineFeed);
  const commits = new Set<() => void>();
  const reader = new SharedFeedReader(feed, {
    pollIntervalMs: 60_000,
    onCommitted: (listener) => {
      commits.add(listener);
      return () => commits.delete(listener);
    },
    onError: (error) => {
      throw error;
    },
  });
  const committed = async () => {
    await repos.timeline.append([created()]);
    for (const listener of commits) listener();
  };
  await committed(); // before the streams: not theirs
  const start = await timelineFeed.current();
  const received = Array.from({ length: STREAMS }, () => [] as string[]);
  const unsubscribes = received.map((entries) =>
    reader.subscribe(ORG, start, async (batch: readonly TimelineEntry[]) => {
      entries.push(...batch.map((entry) => entry.id));
    }),
  );
  await eventually(async () => (reads() > 0 ? true : undefined));
  const before = reads();
  const COMMITS = 10;
  for (let i = 0; i < COMMITS; i++) await committed();
  await eventually(async () => (received.every((entries) => entries.length === COMMITS) ? true : undefined));
  // A commit costs a read that finds it, and one more after the streams took it: never one per stream.
  expect(reads() - before).toBeLessThanOrEqual(3 * COMMITS);
  const all = (await timelineFeed.read(ORG, start, 100)).entries.map((entry) => entry.id);
  for (const entries of received) expect(entries).toEqual(all);
  for (const unsubscribe of unsubscribes) unsubscribe();
});

it("lets a slow stream fall behind without holding back the others, then catches it up", async () => {
  const { repos, timelineFeed } = createPersistence(await database());
  const reader = new SharedFeedReader(timelineFeed, {
    pollIntervalMs: 20,
    onCommitted: () => () => {},
    onError: (error) => {
      throw error;
    },
  });
  const start = await timelineFeed.current();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slow: string[] = [];
  const fast: string[] = [];
  const stopSlow = reader.subscribe(ORG, start, async (batch) => {
    slow.push(...batch.map((entry) => entry.id));
    await held;
  });
  const stopFast = reader.subscribe(ORG, start, async (batch) => {
    fast.push(...batch.map((entry) => entry.id));
  });
  await repos.timeline.append([created()]);
  await eventually(async () => (fast.length === 1 && slow.length === 1 ? true : undefined));
  await repos.timeline.append([created()]);
  await repos.timeline.append([created()]);
  await eventually(async () => (fast.length === 3 ? true : undefined));
  expect(slow).toHaveLength(1);
  release();
  await eventually(async () => (slow.length === 3 ? true : undefined));
  expect(slow).toEqual(fast);
  stopSlow();
  stopFast();
});
