import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/infra/logging/logger";
import { type Harness, startHarness } from "../support/executor-harness";

const API_KEY = "wl_live_9f8e7d6c5b4a";
const TURBOZAP_KEY = "tz-key-0a1b2c3d4e";
const DB_PASSWORD = "pg-pass-77x";
const DATABASE_URL = `postgres://whatlead:${DB_PASSWORD}@db.internal:5432/whatlead`;
const SECRETS = [API_KEY, TURBOZAP_KEY, DB_PASSWORD];

/** A logger at `debug` whose lines land in `lines`. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger("debug", sink), lines };
}

function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("secrets never reach a log line", () => {
  it("censors API keys in headers, the gateway key and the database URL in config, and credentials in free text", () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      {
        req: { headers: { authorization: `Bearer ${API_KEY}`, "x-api-key": API_KEY } },
        headers: { apikey: TURBOZAP_KEY },
        config: { TURBOZAP_API_KEY: TURBOZAP_KEY, DATABASE_URL, PORT: 3000 },
      },
      "starting",
    );
    logger.error({ err: new Error(`connect ECONNREFUSED ${DATABASE_URL}`) }, "database down");
    logger.warn(`retrying with Authorization: Bearer ${API_KEY} against ${DATABASE_URL}`);

    expect(lines).toHaveLength(3);
    lines.forEach(expectNoSecret);
    expect(lines.join("\n")).toContain("[redacted]");
    // What is not secret stays readable.
    expect(JSON.parse(lines[0] ?? "{}").config.PORT).toBe(3000);
    expect(JSON.parse(lines[1] ?? "{}").err.message).toBe(
      "connect ECONNREFUSED postgres://whatlead:[redacted]@db.internal:5432/whatlead",
    );
  });
});

describe("a failed query's parameters never reach a log line", () => {
  it("logs the statement and PostgreSQL's error, not the values bound to it (texts, phones, secrets)", async () => {
    const h = await startHarness({ database: "postgres" });
    const { logger, lines } = capturingLogger();
    const values = [
      "Olá, segredo do cliente",
      "5511988887777",
      "whsec_c2VjcmV0LXNpZ25pbmcta2V5LXNob3duLW9uY2U=",
    ];
    try {
      // A statement that fails on a duplicate key, quoting one bound value in PostgreSQL's detail too.
      const failure = await h.database.db
        .execute(
          sql`with t(k, a, b) as (values (${values[1]}::text, ${values[0]}::text, ${values[2]}::text), (${values[1]}::text, '', ''))
              select k::int from t`,
        )
        .catch((error: unknown) => error);
      expect(String((failure as Error).message)).toContain(values[1]); // what drizzle itself says
      logger.error({ err: failure }, "request failed");
    } finally {
      await h.close();
    }
    expect(lines).toHaveLength(1);
    for (const value of values) expect(lines[0]).not.toContain(value);
    const err = JSON.parse(lines[0] ?? "{}").err;
    expect(err.message).toContain("Failed query: with t(k, a, b)");
    expect(err.stack).toContain(`value "[redacted]" is out of range for type integer`);
  });
});

describe("the executor's logs through the API and the worker", () => {
  let h: Harness;
  const captured = capturingLogger();

  beforeAll(async () => {
    h = await startHarness({ database: "pglite", logger: captured.logger });
  });
  afterAll(() => h.close());

  it("an internal error quoting the database URL answers a generic 500 and logs it censored", async () => {
    const failure = new Error(`query failed on ${DATABASE_URL} for Bearer ${API_KEY}`);
    const spy = vi.spyOn(h.executor.http.repos.jobs, "list").mockRejectedValue(failure);
    try {
      const res = await h.request({ method: "GET", url: "/v1/jobs" });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        error: { code: "INTERNAL", message: "internal error; the server log has the details" },
      });
      expectNoSecret(res.body);
    } finally {
      spy.mockRestore();
    }
    const logged = captured.lines.find((line) => line.includes("request failed"));
    expect(logged).toBeDefined();
    expect(logged).toContain("db.internal");
    captured.lines.forEach(expectNoSecret);
  });

  it("names the job and the intent on every line about an attempt or a failed request about them", async () => {
    const instance = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "log-1" } });
    const intent = await h.request({
      method: "POST",
      url: "/v1/intents",
      payload: { target: { kind: "PHONE", value: "5511966660001" }, type: "TEXT", payload: { text: "x" } },
    });
    const intentId = intent.json().id;
    const approved = await h.request({
      method: "POST",
      url: `/v1/intents/${intentId}/approve`,
      payload: { instanceId: instance.json().id },
    });
    const jobId = approved.json().job.id;
    await h.executor.worker.runOnce();
    await h.executor.worker.idle();
    const attempt = captured.lines.map((line) => JSON.parse(line)).find((l) => l.msg === "attempt finished");
    expect(attempt).toMatchObject({ jobId, intentId, result: "SENT" });

    const spy = vi.spyOn(h.executor.http.requeueJob, "execute").mockRejectedValue(new Error("boom"));
    try {
      await h.request({ method: "POST", url: `/v1/jobs/${jobId}/retry`, payload: {} });
    } finally {
      spy.mockRestore();
    }
    const failed = captured.lines.map((line) => JSON.parse(line)).filter((l) => l.msg === "request failed");
    expect(failed.at(-1)).toMatchObject({ jobId, err: { message: "boom" } });
  });
});
