import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MediaFetcher, mediaFetcherOf } from "../../src/infra/providers/media/media-fetcher";
import type { MediaKind } from "../../src/infra/providers/media/media-kind";
import type { LookupAddresses } from "../../src/infra/webhooks/webhook-target-guard";
import { testSettings } from "../support/test-settings";

// Media for wuzapi is fetched behind the outbound webhooks' SSRF guard. The media host is on
// loopback, which the guard refuses: the test's resolver names it `media.test`, the one host the
// settings exempt (the seam the webhook SSRF tests use); `inside.test` stands for any other inward name.

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const NAMES: Record<string, string> = { "media.test": "127.0.0.1", "inside.test": "127.0.0.1" };
const lookup: LookupAddresses = async (name) => {
  const address = NAMES[name];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return [{ address, family: 4 }];
};

let server: Server;
let port: number;
let fetcher: MediaFetcher;
const MAX_BYTES = 1_000;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    if (path.startsWith("/photo.png")) return res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (path === "/untyped") return res.end(PNG);
    if (path === "/login")
      return res.writeHead(200, { "content-type": "text/html" }).end("<html>sign in</html>");
    if (path === "/gone") return res.writeHead(404).end("no such file");
    if (path === "/busy") return res.writeHead(503).end("try later");
    if (path === "/slow") return setTimeout(() => res.end(PNG), 1_000);
    if (path === "/big")
      return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(MAX_BYTES + 1));
    if (path === "/big-chunked") {
      // No content-length: the cap is met while reading.
      res.writeHead(200, { "content-type": "image/png" });
      res.write(Buffer.alloc(MAX_BYTES));
      return res.end(Buffer.alloc(10));
    }
    if (path === "/moved") return res.writeHead(302, { location: "/photo.png" }).end();
    if (path === "/moved-inside")
      return res.writeHead(302, { location: `http://inside.test:${port}/photo.png` }).end();
    return res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  fetcher = mediaFetcherOf(
    testSettings({
      WEBHOOK_ALLOWED_HOSTS: "media.test",
      MEDIA_FETCH_MAX_BYTES: MAX_BYTES,
      MEDIA_FETCH_TIMEOUT_MS: 300,
    }),
    lookup,
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const at = (path: string, host = "media.test") => `http://${host}:${port}${path}`;

describe("fetching an intent's media for a gateway that takes only bytes", () => {
  it("answers the bytes and their type, following a redirect", async () => {
    for (const path of ["/photo.png?sig=s3cret", "/moved"]) {
      const fetched = await fetcher.fetch(at(path), "image");
      expect(fetched).toEqual({ kind: "fetched", contentType: "image/png", bytes: PNG });
    }
    // A host that names no type is trusted.
    expect((await fetcher.fetch(at("/untyped"), "image")).kind).toBe("fetched");
  });

  it("refuses inward addresses, also at the end of a redirect, without a request", async () => {
    for (const url of [at("/photo.png", "inside.test"), at("/photo.png", "127.0.0.1"), at("/moved-inside")]) {
      const fetched = await fetcher.fetch(url, "image");
      expect(fetched.kind === "failed" && fetched.outcome, url).toMatchObject({
        kind: "permanent",
        code: "MEDIA_URL_REFUSED",
        message: expect.stringContaining("not a public address"),
      });
    }
  });

  it("fails for good what a retry cannot fix, and says what", async () => {
    const cases: [string, string, MediaKind, string][] = [
      ["/gone", "MEDIA_NOT_AVAILABLE", "image", "HTTP 404"],
      ["/login", "MEDIA_TYPE_MISMATCH", "image", "text/html"],
      ["/login", "MEDIA_TYPE_MISMATCH", "document", "text/html"],
      ["/photo.png", "MEDIA_TYPE_MISMATCH", "video", "image/png"],
      ["/big", "MEDIA_TOO_LARGE", "image", "MEDIA_FETCH_MAX_BYTES"],
      ["/big-chunked", "MEDIA_TOO_LARGE", "image", "MEDIA_FETCH_MAX_BYTES"],
    ];
    for (const [path, code, kind, said] of cases) {
      const fetched = await fetcher.fetch(at(path), kind);
      expect(fetched.kind === "failed" && fetched.outcome, path).toMatchObject({
        kind: "permanent",
        code,
        message: expect.stringContaining(said),
      });
    }
    const invalid = await fetcher.fetch("ftp://media.test/photo.png", "image");
    expect(invalid.kind === "failed" && invalid.outcome).toMatchObject({ code: "MEDIA_URL_INVALID" });
  });

  it("retries what may pass later: a failing host, a slow one, an unknown name", async () => {
    const cases: [string, string][] = [
      [at("/busy"), "MEDIA_HOST_ERROR"],
      [at("/slow"), "MEDIA_FETCH_TIMEOUT"],
      [at("/photo.png", "nowhere.test"), "MEDIA_FETCH_FAILED"],
    ];
    for (const [url, code] of cases) {
      const fetched = await fetcher.fetch(url, "image");
      expect(fetched.kind === "failed" && fetched.outcome, url).toMatchObject({ kind: "retryable", code });
    }
  });

  it("never puts a URL's query, where signed URLs keep their credential, in a message", async () => {
    const fetched = await fetcher.fetch(at("/gone?X-Amz-Signature=s3cret"), "image");
    expect(fetched.kind).toBe("failed");
    expect(JSON.stringify(fetched)).toContain("/gone");
    expect(JSON.stringify(fetched)).not.toContain("s3cret");
  });
});
