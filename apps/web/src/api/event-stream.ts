import { authHeaders, notifyUnauthorized } from "./client";
import { isUnreachableStatus, reportReachable } from "./connectivity";
import type { TimelineEntry } from "./types";

export type StreamState = "connecting" | "live" | "unavailable" | "reconnecting";

export interface StreamHandlers {
  onEntry(entry: TimelineEntry): void;
  onState(state: StreamState): void;
}

const RECONNECT_MS = 2_000;
/** A server without /v1/events is asked again now and then, in case it was upgraded. */
const PROBE_AGAIN_MS = 60_000;

/**
 * Follows GET /v1/events (Server-Sent Events). Read with fetch rather than EventSource, which cannot
 * send the Authorization header. Resumes after a drop with Last-Event-ID.
 */
export function followEvents(handlers: StreamHandlers): () => void {
  let stopped = false;
  let lastEventId: string | null = null;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(connect, ms);
  };

  async function connect(): Promise<void> {
    controller = new AbortController();
    handlers.onState(lastEventId ? "reconnecting" : "connecting");
    try {
      const headers: Record<string, string> = { accept: "text/event-stream", ...authHeaders() };
      if (lastEventId) headers["last-event-id"] = lastEventId;
      const response = await fetch("/v1/events", { headers, signal: controller.signal });
      reportReachable(!isUnreachableStatus(response.status));
      if (response.status === 401) return notifyUnauthorized();
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !response.body || !type.includes("text/event-stream")) {
        handlers.onState("unavailable");
        return schedule(PROBE_AGAIN_MS);
      }
      handlers.onState("live");
      await readEvents(response.body, (id, data) => {
        if (id) lastEventId = id;
        try {
          handlers.onEntry(JSON.parse(data) as TimelineEntry);
        } catch {
          // A comment or keep-alive without JSON: nothing to apply.
        }
      });
    } catch {
      if (stopped) return;
      reportReachable(false);
    }
    handlers.onState("reconnecting");
    schedule(RECONNECT_MS);
  }

  void connect();
  return () => {
    stopped = true;
    controller?.abort();
    if (timer) clearTimeout(timer);
  };
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (id: string | null, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let id: string | null = null;
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (data.length > 0) onEvent(id, data.join("\n"));
        data = [];
      } else if (line.startsWith("data:")) {
        data.push(line.slice(5).trimStart());
      } else if (line.startsWith("id:")) {
        id = line.slice(3).trim();
      }
    }
  }
}
