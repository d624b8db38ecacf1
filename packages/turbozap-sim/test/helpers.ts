import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { TurboZapSim } from "../src/index";

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into arbitrary JSON envelopes
  body: any;
}

export async function call(
  sim: TurboZapSim,
  method: string,
  path: string,
  options: {
    body?: unknown;
    key?: string | null;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers };
  const key = options.key === undefined ? sim.apiKey : options.key;
  if (key !== null) headers["X-API-Key"] = key;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  if (options.signal !== undefined) init.signal = options.signal;
  const response = await fetch(`${sim.url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text answers (Fiber's 404) stay as text
  }
  return { status: response.status, body };
}

export function sendText(sim: TurboZapSim, instance: string, to = "5511999999999", key?: string | null) {
  return call(sim, "POST", `/api/message/${instance}/text`, { body: { to, text: "hello" }, key });
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: webhook payloads are checked field by field
  body: any;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Answers 500 to this many deliveries before accepting, to exercise retries. */
  failNext: number;
  waitFor(
    predicate: (hook: ReceivedHook) => boolean,
    count: number,
    timeoutMs?: number,
  ): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const receiver = { failNext: 0 } as Receiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      if (receiver.failNext > 0) {
        receiver.failNext -= 1;
        res.writeHead(500).end();
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    async waitFor(predicate: (hook: ReceivedHook) => boolean, count: number, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter(predicate);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} matching webhooks, got ${matching.length} of ${received.length}`,
          );
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}
