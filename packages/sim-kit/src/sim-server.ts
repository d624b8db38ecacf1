import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ListenOptions {
  /** Default 0 (random port). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
}

export interface SimHttpServer {
  url: string;
  /** Stops listening and drops every open socket, held ones included. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** A node:http server tuned the way every sim needs it: benchmark clients hold many idle keep-alive sockets. */
export async function serveSim(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  opts: ListenOptions,
): Promise<SimHttpServer> {
  const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, handler);
  // The defaults would recycle idle sockets every 5 s and cut long held requests.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  const address = await listen(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive and held sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

/** Splits a request URL into decoded path segments, ignoring the query. */
export function splitPath(url: string): string[] {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  return path
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}
