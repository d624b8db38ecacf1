import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/executor-harness";

const APP_JS = "console.log('app');\n".repeat(200);
let built: string;
let h: Harness;

beforeAll(async () => {
  built = mkdtempSync(join(tmpdir(), "whatlead-web-fake-"));
  mkdirSync(join(built, "assets"));
  writeFileSync(join(built, "index.html"), "<!doctype html><title>dashboard</title>");
  writeFileSync(join(built, "assets", "app.js"), APP_JS);
  writeFileSync(join(built, "assets", "app.js.br"), brotliCompressSync(APP_JS));
  writeFileSync(join(built, "assets", "app.js.gz"), gzipSync(APP_JS));
  h = await startHarness({ database: "pglite", dashboardRoot: built });
});
afterAll(async () => {
  await h?.close();
  rmSync(built, { recursive: true, force: true });
});

describe("serving the dashboard", () => {
  it("serves the build at / and its assets", async () => {
    const index = await h.request({ method: "GET", url: "/" });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain("<title>dashboard</title>");
    const asset = await h.request({ method: "GET", url: "/assets/app.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
  });

  it("sends the build's compressed copies, caches hashed assets for a year and never index.html", async () => {
    for (const encoding of ["br", "gzip"]) {
      const asset = await h.request({
        method: "GET",
        url: "/assets/app.js",
        headers: { "accept-encoding": encoding },
      });
      expect(asset.headers["content-encoding"]).toBe(encoding);
      expect(asset.rawPayload.length).toBeLessThan(APP_JS.length / 10);
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    }
    const plain = await h.request({ method: "GET", url: "/assets/app.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(APP_JS);
    for (const url of ["/", "/index.html", "/jobs"]) {
      const page = await h.request({ method: "GET", url });
      expect(page.headers["cache-control"], url).toBe("no-cache");
    }
  });

  it("answers the app's own paths with index.html, so a reload keeps the page", async () => {
    for (const url of ["/jobs?status=FAILED", "/intents/3f0b6c1e-0000-4000-8000-000000000000"]) {
      const page = await h.request({ method: "GET", url });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<title>dashboard</title>");
    }
  });

  it("keeps the API's JSON 404 under /v1, and for missing files", async () => {
    const missing = await h.request({ method: "GET", url: "/v1/nothing-here" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: "NOT_FOUND", message: "no route GET /v1/nothing-here" },
    });
    // A file the build lacks (an asset of an older build) is not answered with the page.
    expect((await h.request({ method: "GET", url: "/assets/old-build.js" })).statusCode).toBe(404);
  });

  it("serves the overview statistics", async () => {
    const overview = await h.request({ method: "GET", url: "/v1/stats/overview" });
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({
      runnable: { count: 0, oldestAgeMs: null },
      unconfirmed: 0,
      lanes: [],
      failuresByCode: [],
    });
    expect(overview.json().sentPerMinute).toHaveLength(60);
  });
});

describe("without a build", () => {
  it("says how to build the dashboard instead of a blank page, and the API still works", async () => {
    const bare = await startHarness({ database: "pglite", dashboardRoot: join(built, "missing") });
    try {
      const page = await bare.request({ method: "GET", url: "/" });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain("npm run build -w apps/web");
      expect((await bare.request({ method: "GET", url: "/v1/instances" })).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
