import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// A webhook endpoint for tests of every simulator: records what arrives, parsed as the gateway sent it.

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  /** JSON bodies parsed; form bodies (wuzapi) as their fields. */
  // biome-ignore lint/suspicious/noExplicitAny: webhook payloads are checked field by field
  body: any;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Answers failStatus to this many deliveries before accepting, to exercise retries. */
  failNext: number;
  /** Default 500. */
  failStatus: number;
  /** Holds each answer this long, to exercise the gateways' timeouts. */
  answerAfterMs: number;
  waitFor(
    predicate: (hook: ReceivedHook) => boolean,
    count: number,
    timeoutMs?: number,
  ): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (contentType?.includes("x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  return JSON.parse(raw);
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const receiver = { failNext: 0, failStatus: 500, answerAfterMs: 0 } as Receiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({
        path: req.url ?? "/",
        headers: req.headers,
        body: parseBody(raw, req.headers["content-type"]),
      });
      const failing = receiver.failNext > 0;
      if (failing) receiver.failNext -= 1;
      const status = failing ? receiver.failStatus : 204;
      setTimeout(() => res.writeHead(status).end(), receiver.answerAfterMs);
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
