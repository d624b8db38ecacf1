import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";
import type { FeedPosition, TimelineFeed } from "../../domain/timeline/timeline-feed";
import type { SharedFeedReader } from "../events/shared-feed-reader";
import { timelineEventEnvelope } from "../events/timeline-event-envelope";

export interface LiveEventsOptions {
  feed: TimelineFeed;
  /** How often the table is read when nothing in this process signalled a commit (other processes write too). */
  pollIntervalMs: number;
  /** Streams one API key may hold open at once in this process; one more is refused with 429. */
  maxStreamsPerKey: number;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  /** Calls `listener` when events were committed in this process; returns the unsubscribe. */
  onCommitted(listener: () => void): () => void;
}

// Streams at the same place get the same batch from the shared reader: it is rendered once for all.
const rendered = new WeakMap<readonly TimelineEntry[], string>();

function framesOf(entries: readonly TimelineEntry[]): string {
  let frames = rendered.get(entries);
  if (frames === undefined) {
    frames = entries
      .map(
        (entry) =>
          `id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(timelineEventEnvelope(entry.id, entry.event))}\n\n`,
      )
      .join("");
    rendered.set(entries, frames);
  }
  return frames;
}

const REVOKED = 'event: revoked\ndata: {"code":"UNAUTHENTICATED","message":"the API key was revoked"}\n\n';

/**
 * One client's Server-Sent Events stream: writes the organization's feed from `position` on, as the
 * process's shared reader hands it over, each entry as an event whose `id` is the timeline id, until
 * the client leaves, its key is revoked (checked every poll interval) or `stop()`. Writes wait for
 * the socket to drain, so a slow client holds back only its own stream.
 */
export class LiveEventStream {
  private readonly closing = new AbortController();

  constructor(
    private readonly raw: ServerResponse,
    private readonly organizationId: string,
    private readonly options: LiveEventsOptions,
    private readonly reader: SharedFeedReader,
    private readonly stillAuthorized: () => Promise<boolean>,
  ) {}

  async run(position: FeedPosition): Promise<void> {
    this.raw.on("close", () => this.stop());
    const ended = once(this.closing.signal, "abort");
    const heartbeat = setInterval(() => {
      if (!this.closed) this.raw.write(": heartbeat\n\n");
    }, this.options.heartbeatMs);
    this.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx buffers responses unless told not to; a buffered stream is no longer live.
      "x-accel-buffering": "no",
    });
    this.raw.write("retry: 2000\n\n");
    let unsubscribe = () => {};
    const authorization = setInterval(() => void this.endIfRevoked(), this.options.pollIntervalMs);
    try {
      if (await this.endIfRevoked()) return;
      unsubscribe = this.reader.subscribe(this.organizationId, position, (entries) => this.write(entries));
      await ended;
    } finally {
      clearInterval(authorization);
      clearInterval(heartbeat);
      unsubscribe();
      if (!this.raw.writableEnded) this.raw.end();
    }
  }

  stop(): void {
    this.closing.abort();
  }

  private get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Ends the stream with a `revoked` event once its key is no longer active (or cannot be checked). */
  private async endIfRevoked(): Promise<boolean> {
    const authorized = await this.stillAuthorized().catch(() => false);
    if (authorized || this.closed) return this.closed;
    this.raw.write(REVOKED);
    this.stop();
    return true;
  }

  /** The batch as one write: one socket write per batch, not per event. */
  private async write(entries: readonly TimelineEntry[]): Promise<void> {
    if (this.closed) return;
    if (!this.raw.write(framesOf(entries))) await this.drained();
  }

  /** Until the socket drains, or the stream is stopped while waiting. */
  private async drained(): Promise<void> {
    await once(this.raw, "drain", { signal: this.closing.signal }).catch(() => {});
  }
}
