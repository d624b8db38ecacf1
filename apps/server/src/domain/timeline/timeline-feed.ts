import type { TimelineEntry } from "./timeline-entry";

/**
 * A place in an organization's live stream of timeline entries. Opaque outside the feed: the
 * stream's order is the order in which entries became final, which is not the order of their ids.
 */
export interface FeedPosition {
  readonly order: string;
  readonly id: string;
}

export interface FeedBatch {
  entries: TimelineEntry[];
  /** Where the next read continues: after the last entry returned, or unchanged if none. */
  position: FeedPosition;
}

/** The timeline as a stream that loses nothing: every committed entry is read once, after any position. */
export interface TimelineFeed {
  /** Before everything ever written. */
  start(): FeedPosition;
  /** Now: what commits from here on (and possibly a few entries just before) follows it. */
  current(): Promise<FeedPosition>;
  /** Just after the organization's entry `entryId`; null when the organization has no such entry. */
  after(organizationId: string, entryId: string): Promise<FeedPosition | null>;
  /** Up to `limit` of the organization's entries that follow `position`, in stream order. */
  read(organizationId: string, position: FeedPosition, limit: number): Promise<FeedBatch>;
}
