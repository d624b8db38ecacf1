import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { FeedPosition, TimelineFeed } from "../../domain/timeline/timeline-feed";
import { timelineEventEnvelope } from "../events/timeline-event-envelope";
import { Wakeup } from "../worker/wakeup";

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

const BATCH = 500;

/**
 * One client's Server-Sent Events stream: reads the organization's feed from `position` on and
 * writes each entry as an event whose `id` is the timeline id, until the client leaves or `stop()`.
 * Writes wait for the socket to drain, so a slow client holds back only its own stream.
 */
export class LiveEventStream {
  private readonly wakeup = new Wakeup();
  private readonly closing = new AbortController();

  constructor(
    private readonly raw: ServerResponse,
    private readonly organizationId: string,
    private readonly options: LiveEventsOptions,
    /** Asked before each read: a revoked key's stream ends within one poll interval. */
    private readonly stillAuthorized: () => Promise<boolean>,
  ) {}

  async run(position: FeedPosition): Promise<void> {
    this.raw.on("close", () => this.stop());
    const unsubscribe = this.options.onCommitted(() => this.wakeup.signal());
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
    try {
      await this.tail(position);
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
      if (!this.raw.writableEnded) this.raw.end();
    }
  }

  stop(): void {
    this.closing.abort();
    this.wakeup.signal();
  }

  private get closed(): boolean {
    return this.closing.signal.aborted;
  }

  private async tail(start: FeedPosition): Promise<void> {
    let position = start;
    while (!this.closed) {
      if (!(await this.stillAuthorized())) {
        this.raw.write(
          'event: revoked\ndata: {"code":"UNAUTHENTICATED","message":"the API key was revoked"}\n\n',
        );
        return;
      }
      const batch = await this.options.feed.read(this.organizationId, position, BATCH);
      for (const entry of batch.entries) {
        if (this.closed) return;
        const frame = `id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(timelineEventEnvelope(entry.id, entry.event))}\n\n`;
        if (!this.raw.write(frame) && !(await this.drained())) return;
      }
      position = batch.position;
      if (batch.entries.length < BATCH) await this.wakeup.wait(this.options.pollIntervalMs);
    }
  }

  /** False when the stream was stopped while waiting. */
  private async drained(): Promise<boolean> {
    try {
      await once(this.raw, "drain", { signal: this.closing.signal });
      return true;
    } catch {
      return false;
    }
  }
}
