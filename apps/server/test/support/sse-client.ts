import type { Readable } from "node:stream";
import type { Harness } from "./executor-harness";

export interface ServerSentEvent {
  id: string;
  event: string;
  data: unknown;
}

export interface EventStreamConnection {
  statusCode: number;
  headers: Record<string, unknown>;
  /** Events in arrival order; grows while connected. */
  received: ServerSentEvent[];
  /** Comment lines (heartbeats) seen so far. */
  comments: string[];
  /** Resolves once `received` holds at least `count` events (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** The client goes away: nothing more is read. */
  disconnect(): void;
}

/** Opens `GET /v1/events` as the harness's organization (or another), as an EventSource would, parsing frames as they come. */
export async function connectEvents(
  h: Pick<Harness, "request">,
  options: { lastEventId?: string; url?: string } = {},
): Promise<EventStreamConnection> {
  const abort = new AbortController();
  const response = await h.request({
    method: "GET",
    url: options.url ?? "/v1/events",
    headers: options.lastEventId === undefined ? {} : { "last-event-id": options.lastEventId },
    payloadAsStream: true,
    signal: abort.signal,
  });
  const received: ServerSentEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const stream = response.stream() as Readable;
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      parseFrame(buffer.slice(0, end), received, comments);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
    }
    for (const waiter of waiters) waiter();
  });
  stream.on("error", () => {});
  const ended = new Promise<void>((resolve) => stream.once("close", resolve));
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    received,
    comments,
    ended,
    waitFor: (count, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`received ${received.length} of ${count} events within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    disconnect: () => abort.abort(),
  };
}

function parseFrame(frame: string, received: ServerSentEvent[], comments: string[]): void {
  const fields = new Map<string, string>();
  for (const line of frame.split("\n")) {
    if (line.startsWith(":")) comments.push(line.slice(1).trim());
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
  }
  const id = fields.get("id");
  const data = fields.get("data");
  // A frame without an id is the server speaking about the stream itself (its end, say).
  if (data !== undefined)
    received.push({ id: id ?? "", event: fields.get("event") ?? "message", data: JSON.parse(data) });
}
