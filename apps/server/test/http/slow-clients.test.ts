import { connect, type Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHttpApp } from "../../src/infra/http/http-app";
import { httpSettingsOf } from "../../src/infra/http/http-settings";
import { createLogger } from "../../src/infra/logging/logger";
import { type Harness, startHarness } from "../support/executor-harness";
import { testSettings } from "../support/test-settings";

let h: Harness;
let app: FastifyInstance;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  h = await startHarness({ database: "pglite" });
  app = await buildHttpApp(
    h.executor.http,
    createLogger("silent"),
    httpSettingsOf(testSettings({ HTTP_REQUEST_TIMEOUT_MS: 1_000, HTTP_MAX_CONNECTIONS: 3 })),
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await app.close();
  await h.close();
});

/** A raw connection that records what the server sent and whether it hung up. */
function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
    });
    socket.on("error", () => {});
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.once("connect", () => resolve({ socket, received: () => text, closed }));
    socket.once("error", reject);
  });
}

describe("slow and numerous clients", () => {
  it("a client trickling its body is cut off at the request timeout, authenticated or not", async () => {
    for (const [authorization, answer] of [
      ["", /^HTTP\/1\.1 401/],
      ["Authorization: Bearer wlk_test-key-of-the-default-organization\r\n", /^HTTP\/1\.1 408|^$/],
    ] as const) {
      const { socket, received, closed } = await open();
      socket.write(
        `POST /v1/intents HTTP/1.1\r\nHost: x\r\n${authorization}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
      let sent = 1;
      // Sending all 1,000 bytes this way would take 200 s; the server must not wait for them.
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(" ");
        sent++;
      }, 200);
      await closed;
      clearInterval(trickle);
      expect(sent).toBeLessThan(1_000);
      expect(received()).toMatch(answer);
    }
  });

  it("accepts at most the configured number of connections; one more is closed at once", async () => {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    await extra.closed;
    expect(extra.received()).toBe("");
    // The ones accepted still work.
    const first = held[0];
    first?.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (first?.received().includes("200 OK")) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    for (const connection of held) connection.socket.destroy();
  });
});
