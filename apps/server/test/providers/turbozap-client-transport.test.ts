import { once } from "node:events";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";

const API_KEY = "secret-key-123";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];
const clients: TurboZapClient[] = [];
const rawServers: net.Server[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  for (const server of rawServers.splice(0)) server.close();
});

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => handler(req, res, body));
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(baseUrl: string, timeoutMs = 2_000): TurboZapClient {
  const c = new TurboZapClient({ baseUrl, apiKey: API_KEY, timeoutMs });
  clients.push(c);
  return c;
}

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return `http://127.0.0.1:${port}`;
}

describe("TurboZapClient transport", () => {
  it("sends JSON with the key in X-API-Key and parses the envelope", async () => {
    let seen: { method?: string; url?: string; key?: string; type?: string; body?: string } = {};
    const url = await serve((req, res, body) => {
      seen = {
        method: req.method,
        url: req.url,
        key: req.headers["x-api-key"] as string,
        type: req.headers["content-type"],
        body,
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: true, data: { message_id: "3EB0ABCDEF0123456789AB" } }));
    });
    const result = await client(`${url}/`).sendText("inst-1", { to: "5511999999999", text: "hi" });
    expect(result).toEqual({
      kind: "response",
      status: 200,
      body: { success: true, data: { message_id: "3EB0ABCDEF0123456789AB" } },
    });
    expect(seen).toEqual({
      method: "POST",
      url: "/api/message/inst-1/text",
      key: API_KEY,
      type: "application/json",
      body: JSON.stringify({ to: "5511999999999", text: "hi" }),
    });
  });

  it("keeps a base path prefix", async () => {
    let path = "";
    const url = await serve((req, res) => {
      path = req.url ?? "";
      res.end("{}");
    });
    const result = await client(`${url}/gw`).health();
    expect(path).toBe("/gw/health");
    expect(result).toEqual({ kind: "response", status: 200, body: null });
  });

  it("reports a refused connection as failed-before-send", async () => {
    const result = await client(await closedPortUrl()).sendText("i", { to: "5511999999999", text: "x" });
    expect(result.kind).toBe("failed-before-send");
    if (result.kind === "failed-before-send") expect(result.error.code).toBe("ECONNREFUSED");
  });

  it("reports a DNS failure as failed-before-send", async () => {
    const result = await client("http://no-such-host.invalid:1").health();
    expect(result.kind).toBe("failed-before-send");
  });

  it("reports a hang after the request was written as a no-answer timeout", async () => {
    let received = false;
    const url = await serve(() => {
      received = true;
    });
    const started = Date.now();
    const result = await client(url, 150).sendText("i", { to: "5511999999999", text: "x" });
    expect(result).toMatchObject({ kind: "no-answer", reason: "timeout" });
    expect(received).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("reports a timeout mid-answer as a no-answer timeout", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":');
    });
    const result = await client(url, 150).sendText("i", { to: "5511999999999", text: "x" });
    expect(result).toMatchObject({ kind: "no-answer", reason: "timeout" });
  });

  it("reports a socket destroyed after the request as a no-answer reset", async () => {
    const url = await serve((req) => req.socket.destroy());
    const result = await client(url).sendText("i", { to: "5511999999999", text: "x" });
    expect(result).toMatchObject({ kind: "no-answer", reason: "reset" });
  });

  it("reports a socket destroyed mid-answer as a no-answer reset", async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"success":');
      setTimeout(() => req.socket.destroy(), 10);
    });
    const result = await client(url).sendText("i", { to: "5511999999999", text: "x" });
    expect(result).toMatchObject({ kind: "no-answer", reason: "reset" });
  });

  it("reports a deadline hit before the body fully left as failed-before-send", async () => {
    // The peer accepts but never reads: a large body stays stuck in the socket buffers, unsent.
    const server = net.createServer((socket) => socket.pause());
    rawServers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base64 = "A".repeat(32 * 1024 * 1024);
    const result = await client(url, 200).sendMedia("i", { to: "5511999999999", base64 });
    expect(result.kind).toBe("failed-before-send");
  });

  it("never puts the key in results, even when the gateway echoes it", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401);
      res.end(JSON.stringify({ success: false, error: { message: `Invalid API key ${API_KEY}` } }));
    });
    const result = await client(url).health();
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    expect(JSON.stringify(result)).toContain("[redacted]");
  });

  it("does not print the key when the client is logged", async () => {
    const { inspect } = await import("node:util");
    expect(inspect(client("http://127.0.0.1:1"), { depth: 5 })).not.toContain(API_KEY);
  });

  it("reuses sockets across calls (keep-alive)", async () => {
    const sockets = new Set<unknown>();
    const url = await serve((req, res) => {
      sockets.add(req.socket);
      res.end('{"success":true}');
    });
    const c = client(url);
    for (let i = 0; i < 5; i += 1) await c.health();
    expect(sockets.size).toBe(1);
  });
});
