import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureBootstrapApiKey } from "../../src/infra/composition/bootstrap-api-key";
import { loadConfig } from "../../src/infra/config/config";
import { type Harness, startHarness } from "../support/executor-harness";
import { routesOf } from "../support/routes-of";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ database: "pglite", http: { corsOrigins: ["https://dash.example"] } });
});
afterAll(() => h.close());

const list = { method: "GET", url: "/v1/intents" } as const;

describe("API keys", () => {
  it.each([
    ["no Authorization header", undefined, /needs an API key/],
    ["an empty one", "", /needs an API key/],
    ["another scheme", "Basic dXNlcjpwYXNz", /Bearer <key>/],
    ["a bearer with no key", "Bearer ", /Bearer <key>/],
    ["an unknown key", "Bearer wlk_not-a-key-anyone-was-given", /unknown or revoked/],
  ])("%s → 401 UNAUTHENTICATED", async (_name, authorization, message) => {
    const headers = authorization === undefined ? { authorization: undefined } : { authorization };
    const res = await h.request({ ...list, headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toBe("Bearer");
    expect(res.json().error).toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(message),
    });
  });

  it("unknown /v1 routes need a key too, so they reveal nothing", async () => {
    const res = await h.request({ method: "GET", url: "/v1/nothing", headers: { authorization: undefined } });
    expect(res.statusCode).toBe(401);
  });

  it("a revoked key → 401, at once", async () => {
    const org = await h.createOrganization("revoked-org");
    expect((await org.request(list)).statusCode).toBe(200);
    const [key] = await h.executor.http.apiKeys.list("revoked-org");
    await h.executor.http.apiKeys.revoke(key?.id ?? "");
    const res = await org.request(list);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/revoked/);
  });

  it("lists keys with their prefix and last use, never the secret or its hash", async () => {
    const org = await h.createOrganization("listed-org");
    await org.request(list);
    const [key, ...others] = await h.executor.http.apiKeys.list("listed-org");
    expect(others).toEqual([]);
    expect(key).toMatchObject({ organizationName: "listed-org", label: "test", revokedAt: null });
    expect(org.apiKey.startsWith(key?.prefix ?? "?")).toBe(true);
    expect(key?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(key)).not.toContain(org.apiKey.slice(key?.prefix.length));
  });

  it("every route outside /v1 (health, readiness, metrics, docs, the dashboard) answers without a key; every /v1 route refuses", async () => {
    const routes = routesOf(h.app);
    expect(routes).toEqual(
      expect.arrayContaining(["GET /readyz", "GET /metrics", "GET /openapi.json", "GET /docs/*", "GET /*"]),
    );
    for (const route of routes) {
      const [method = "", path = ""] = route.split(" ");
      const url = path
        .replace(":id", "00000000-0000-4000-8000-000000000000")
        .replace("*", "static/swagger-ui.css");
      const res = await h.request({ method: method as "GET", url, headers: { authorization: undefined } });
      expect(res.statusCode === 401, route).toBe(path.startsWith("/v1"));
    }
  });
});

describe("the bootstrap key", () => {
  it("embedded without BOOTSTRAP_API_KEY: generated once into DATA_DIR, owner-only, and it works", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bootstrap-key-"));
    const config = loadConfig({ DATA_DIR: dir });
    const first = await ensureBootstrapApiKey(config, h.executor.http.apiKeys);
    const path = join(dir, "bootstrap-api-key");
    expect(first).toEqual({ kind: "file", path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secret = readFileSync(path, "utf8").trim();
    expect(await ensureBootstrapApiKey(config, h.executor.http.apiKeys)).toEqual(first);
    expect(readFileSync(path, "utf8").trim()).toBe(secret);
    const res = await h.request({ ...list, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode).toBe(200);
  });

  it("BOOTSTRAP_API_KEY becomes a key of the organization default; with DATABASE_URL nothing is generated", async () => {
    const secret = "wlk_bootstrap-secret-set-by-the-operator";
    const env = loadConfig({ BOOTSTRAP_API_KEY: secret, DATA_DIR: "/nonexistent" });
    expect(await ensureBootstrapApiKey(env, h.executor.http.apiKeys)).toEqual({ kind: "env" });
    const res = await h.request({
      method: "GET",
      url: "/v1/instances",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.statusCode).toBe(200);
    const none = loadConfig({ DATABASE_URL: "postgres://x@127.0.0.1/y", DATA_DIR: "/nonexistent" });
    expect(await ensureBootstrapApiKey(none, h.executor.http.apiKeys)).toEqual({ kind: "none" });
  });

  it("BOOTSTRAP_API_KEY must be at least 32 characters and look random; lists show 8 characters of a key at most", async () => {
    expect(() => loadConfig({ BOOTSTRAP_API_KEY: "wlk_only-twenty-chars" })).toThrow(
      /BOOTSTRAP_API_KEY: must be at least 32 characters/,
    );
    expect(() => loadConfig({ BOOTSTRAP_API_KEY: "ab".repeat(20) })).toThrow(
      /BOOTSTRAP_API_KEY: must look random/,
    );
    const secret = "Zr8c3KQv-operator-chosen-key-x7Pq";
    expect(loadConfig({ BOOTSTRAP_API_KEY: secret }).BOOTSTRAP_API_KEY).toBe(secret);
    const key = await h.executor.http.apiKeys.ensureBootstrapKey(secret);
    expect(key.prefix).toBe("Zr8c");
    const { secret: generated } = await h.executor.http.apiKeys.create("prefix-org", "t");
    const [listed] = await h.executor.http.apiKeys.list("prefix-org");
    expect(listed?.prefix).toBe(generated.slice(0, 8));
  });

  it("a revoked bootstrap key stops the start instead of coming back to life", async () => {
    const secret = "wlk_bootstrap-secret-revoked-since";
    const env = loadConfig({ BOOTSTRAP_API_KEY: secret, DATA_DIR: "/nonexistent" });
    const key = await h.executor.http.apiKeys.ensureBootstrapKey(secret);
    await h.executor.http.apiKeys.revoke(key.id);
    await expect(ensureBootstrapApiKey(env, h.executor.http.apiKeys)).rejects.toThrow(/revoked/);
    const res = await h.request({ ...list, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe("response headers", () => {
  it("security headers on every answer, including errors", async () => {
    for (const res of [
      await h.request(list),
      await h.request({ ...list, headers: { authorization: undefined } }),
    ]) {
      expect(res.headers).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "content-security-policy": expect.stringContaining("frame-ancestors 'none'"),
      });
    }
  });

  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    const given = await h.request({ ...list, headers: { "x-request-id": "trace-123" } });
    expect(given.headers["x-request-id"]).toBe("trace-123");
    const hostile = await h.request({ ...list, headers: { "x-request-id": "a b\tc<script>" } });
    expect(hostile.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("CORS only for the configured origins", async () => {
    const allowed = await h.request({ ...list, headers: { origin: "https://dash.example" } });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://dash.example");
    const other = await h.request({ ...list, headers: { origin: "https://evil.example" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await h.request({
      method: "OPTIONS",
      url: "/v1/intents",
      headers: {
        origin: "https://dash.example",
        "access-control-request-method": "POST",
        authorization: undefined,
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/Authorization/);
  });

  it("CORS: a cross-origin DELETE and a resumed event stream pass the preflight; every answer varies by Origin", async () => {
    const preflight = (method: string, headers: string) =>
      h.request({
        method: "OPTIONS",
        url: "/v1/webhooks/00000000-0000-4000-8000-000000000000",
        headers: {
          origin: "https://dash.example",
          "access-control-request-method": method,
          "access-control-request-headers": headers,
          authorization: undefined,
        },
      });
    const del = await preflight("DELETE", "authorization");
    expect(del.headers["access-control-allow-methods"]).toMatch(/\bDELETE\b/);
    const resume = await preflight("GET", "last-event-id");
    expect(String(resume.headers["access-control-allow-headers"]).toLowerCase()).toContain("last-event-id");
    const other = await h.request({ ...list, headers: { origin: "https://evil.example" } });
    expect(other.headers.vary).toMatch(/Origin/);
    const none = await h.request(list);
    expect(none.headers.vary).toMatch(/Origin/);
  });

  it("two Idempotency-Key headers are refused, not joined into one key", async () => {
    const res = await h.request({
      method: "POST",
      url: "/v1/intents",
      headers: { "idempotency-key": ["first-key", "second-key"] },
      payload: { target: { kind: "PHONE", value: "5511999990077" }, type: "TEXT", payload: { text: "hi" } },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain("idempotency-key");
  });
});

describe("rate limit", () => {
  it("limits failed authentications per client address, refusing before any key lookup once spent", async () => {
    const guarded = await h.spawnApi({ authFailuresPerMinute: 3 });
    const lookups = vi.spyOn(h.persistence.apiKeys, "findActiveByHash");
    const wrong = (n: number) =>
      guarded({ ...list, headers: { authorization: `Bearer wlk_wrong-key-${n}` } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await wrong(i)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    expect(lookups).toHaveBeenCalledTimes(3);
    const refused = await wrong(9);
    expect(refused.json().error.code).toBe("AUTH_RATE_LIMITED");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Another address is not held back.
    const elsewhere = await guarded({ ...list, remoteAddress: "198.51.100.7" });
    expect(elsewhere.statusCode).toBe(200);
    lookups.mockRestore();
  });

  it("answers 429 with Retry-After once a key has spent its minute; other keys are not affected", async () => {
    const limited = await h.spawnApi({ rateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await limited(list)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const refused = await limited(list);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.json().error).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Retry-After/),
    });
    const other = await h.createOrganization("not-limited");
    const res = await limited({ ...list, headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(res.statusCode).toBe(200);
  });
});
