import { setTimeout as sleep } from "node:timers/promises";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";
import type { FeedPosition, TimelineFeed } from "../../domain/timeline/timeline-feed";
import { Wakeup } from "../worker/wakeup";

export interface SharedFeedReaderOptions {
  /** How often the feed is read when nothing in this process signalled a commit (other processes write too). */
  pollIntervalMs: number;
  /** Calls `listener` when events were committed in this process; returns the unsubscribe. */
  onCommitted(listener: () => void): () => void;
  /** A read failed; the reader tries again after the poll interval. */
  onError(error: unknown): void;
}

interface Subscription {
  organizationId: string;
  position: FeedPosition;
  deliver(entries: readonly TimelineEntry[]): Promise<void>;
  /** Still writing its last entries: skipped until done, so a slow client holds back only itself. */
  busy: boolean;
}

const BATCH = 500;
/**
 * After a read that found entries, commits arriving in the next moment wait for one read together:
 * every open stream is written once per such moment, not once per commit (a busy worker commits
 * hundreds of times a second). Live events stay well under a human's notice late.
 */
const GATHER_MS = 25;

/**
 * Feeds every open live stream of this process from one loop. Streams waiting at the same place of
 * the same organization's feed (all of them, once caught up) share one read, so a commit costs one
 * read however many streams are open; a stream resuming from further back, or whose client is slow,
 * is read for from its own place until it catches up.
 */
export class SharedFeedReader {
  private readonly wakeup = new Wakeup();
  private readonly subscriptions = new Set<Subscription>();
  private running = false;

  constructor(
    private readonly feed: TimelineFeed,
    private readonly options: SharedFeedReaderOptions,
  ) {}

  /**
   * Hands `deliver` the organization's entries after `position`, in order, each once, one batch at a
   * time (the next waits until `deliver` resolves); returns the unsubscribe.
   */
  subscribe(
    organizationId: string,
    position: FeedPosition,
    deliver: (entries: readonly TimelineEntry[]) => Promise<void>,
  ): () => void {
    const subscription: Subscription = { organizationId, position, deliver, busy: false };
    this.subscriptions.add(subscription);
    if (!this.running) void this.loop();
    this.wakeup.signal();
    return () => {
      this.subscriptions.delete(subscription);
      this.wakeup.signal();
    };
  }

  private async loop(): Promise<void> {
    this.running = true;
    const unsubscribe = this.options.onCommitted(() => this.wakeup.signal());
    try {
      while (this.subscriptions.size > 0) {
        let read = { full: false, found: false };
        try {
          read = await this.pass();
        } catch (error) {
          this.options.onError(error);
        }
        if (read.full) continue;
        if (read.found) await sleep(GATHER_MS);
        await this.wakeup.wait(this.options.pollIntervalMs);
      }
    } finally {
      unsubscribe();
      this.running = false;
    }
  }

  /** One read per place that idle streams wait at: whether any read found entries, or came back full (more may wait). */
  private async pass(): Promise<{ full: boolean; found: boolean }> {
    const places = new Map<string, Subscription[]>();
    for (const subscription of this.subscriptions) {
      if (subscription.busy) continue;
      const { organizationId, position } = subscription;
      const place = `${organizationId}\n${position.order}\n${position.id}`;
      places.set(place, [...(places.get(place) ?? []), subscription]);
    }
    let full = false;
    let found = false;
    for (const [first, ...others] of places.values()) {
      if (!first) continue;
      const batch = await this.feed.read(first.organizationId, first.position, BATCH);
      full ||= batch.entries.length === BATCH;
      found ||= batch.entries.length > 0;
      for (const subscription of [first, ...others]) {
        subscription.position = batch.position;
        if (batch.entries.length === 0) continue;
        subscription.busy = true;
        void subscription.deliver(batch.entries).finally(() => {
          subscription.busy = false;
          this.wakeup.signal();
        });
      }
    }
    return { full, found };
  }
}
