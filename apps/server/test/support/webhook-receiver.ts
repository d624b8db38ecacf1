import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A status to answer with, or "hang" to never answer. */
export type ReceiverAnswer = number | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  at(path: string): ReceivedWebhook[];
  /** The next answers at `path`, in order; after them (and by default) it answers 200. */
  answer(path: string, answers: ReceiverAnswer[]): void;
  close(): Promise<void>;
}

/** A customer's webhook endpoint on 127.0.0.1, recording every request raw. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const scripts = new Map<string, ReceiverAnswer[]>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = scripts.get(path)?.shift() ?? 200;
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      response
        .writeHead(answer, { "content-type": "text/plain" })
        .end(answer >= 300 ? "receiver says no" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    answer: (path, answers) => scripts.set(path, [...answers]),
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
