import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEASE_EXPIRED } from "../../src/domain/job/job-error";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  // Two attempts at most, and a short client timeout so that a hung send turns UNCONFIRMED quickly.
  h = await startHarness({
    database: "postgres",
    settings: { MAX_ATTEMPTS: 2, PER_INSTANCE_CONCURRENCY: 0 },
    timeoutMs: 300,
  });
  const res = await h.request({ method: "POST", url: "/v1/instances", payload: { name: "metrics-1" } });
  instanceId = res.json().id;
});
afterAll(() => h.close());

async function approvedIntent(phone: string): Promise<string> {
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text: "Olá" } },
  });
  const intentId = created.json().id as string;
  await h.request({ method: "POST", url: `/v1/intents/${intentId}/approve`, payload: { instanceId } });
  return intentId;
}

async function jobStatus(intentId: string): Promise<string> {
  return (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json().job.status;
}

/** `name{labels} value` lines of the exposition, keyed by everything before the value. */
async function scrape(): Promise<Map<string, number>> {
  const res = await h.request({ method: "GET", url: "/metrics" });
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of res.body.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe("/metrics after sends through the simulator", () => {
  let samples: Map<string, number>;

  beforeAll(async () => {
    await approvedIntent("5511988880001");
    await approvedIntent("5511988880002");
    await h.step();

    // A retryable 500, then the last attempt fails too.
    h.sim.setFaults({ error500Rate: 1 });
    const retried = await approvedIntent("5511988880003");
    await eventually(async () => {
      await h.step();
      return (await jobStatus(retried)) === "FAILED" ? true : undefined;
    });
    h.sim.resetFaults();

    // A recipient the gateway refuses: permanent at once.
    const invalid = await h.executor.http.createIntent.execute({
      organizationId: "default",
      target: { kind: "PHONE", value: "12345" },
      purpose: "DISPATCH",
      content: { type: "TEXT", payload: { text: "x" } },
    });
    await h.request({ method: "POST", url: `/v1/intents/${invalid.id}/approve`, payload: { instanceId } });
    await h.step();

    // The gateway takes the message and never answers: UNCONFIRMED.
    h.sim.setFaults({ hangRate: 1 });
    await approvedIntent("5511988880004");
    await h.step();
    h.sim.resetFaults();

    // The lease-recovery sweep's event, as the worker publishes it.
    h.executor.bus.publish([
      {
        type: "MessageUnconfirmed",
        organizationId: "default",
        intentId: invalid.id,
        jobId: invalid.id,
        instanceId,
        provider: "turbozap",
        occurredAt: new Date(),
        actor: "worker:rescuer",
        attempt: 1,
        error: { code: LEASE_EXPIRED, message: "the worker's lease ran out after the request left" },
      },
    ]);

    // Approved, never claimed: the backlog.
    await approvedIntent("5511988880005");
    samples = await scrape();
  });

  it("counts sends by outcome and error code", () => {
    expect(samples.get('whatlead_sends_total{outcome="sent",error_code="none"}')).toBe(2);
    expect(samples.get('whatlead_sends_total{outcome="retry",error_code="PROVIDER_SEND_FAILED"}')).toBe(1);
    expect(samples.get('whatlead_sends_total{outcome="failed",error_code="PROVIDER_SEND_FAILED"}')).toBe(1);
    expect(samples.get('whatlead_sends_total{outcome="failed",error_code="INVALID_RECIPIENT"}')).toBe(1);
    expect(samples.get('whatlead_sends_total{outcome="unconfirmed",error_code="TIMEOUT"}')).toBe(1);
  });

  it("times every provider call, and approval to sent for each sent message", () => {
    expect(samples.get('whatlead_attempt_duration_seconds_count{outcome="sent"}')).toBe(2);
    expect(samples.get('whatlead_attempt_duration_seconds_count{outcome="retry"}')).toBe(1);
    expect(samples.get('whatlead_attempt_duration_seconds_count{outcome="failed"}')).toBe(2);
    expect(samples.get('whatlead_attempt_duration_seconds_count{outcome="unconfirmed"}')).toBe(1);
    expect(samples.get('whatlead_attempt_duration_seconds_bucket{le="+Inf",outcome="sent"}')).toBe(2);
    expect(samples.get("whatlead_approval_to_sent_seconds_count")).toBe(2);
    expect(samples.get("whatlead_approval_to_sent_seconds_sum")).toBeGreaterThanOrEqual(0);
  });

  it("reads jobs by status, the unconfirmed count and the runnable backlog from the database", () => {
    expect(samples.get('whatlead_jobs{status="SENT"}')).toBe(2);
    expect(samples.get('whatlead_jobs{status="FAILED"}')).toBe(2);
    expect(samples.get('whatlead_jobs{status="UNCONFIRMED"}')).toBe(1);
    expect(samples.get('whatlead_jobs{status="PENDING"}')).toBe(1);
    expect(samples.get('whatlead_jobs{status="RETRY"}')).toBe(0);
    expect(samples.get('whatlead_jobs{status="PROCESSING"}')).toBe(0);
    expect(samples.get("whatlead_jobs_unconfirmed")).toBe(1);
    expect(samples.get("whatlead_runnable_jobs")).toBe(1);
    expect(samples.get("whatlead_oldest_runnable_job_age_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("counts lease recoveries and exposes the default process metrics", () => {
    expect(samples.get("whatlead_lease_recoveries_total")).toBe(1);
    expect(samples.has("process_cpu_user_seconds_total")).toBe(true);
    expect(samples.has("nodejs_heap_size_used_bytes")).toBe(true);
  });

  it("empties the backlog once the waiting job is sent", async () => {
    await h.step();
    const after = await scrape();
    expect(after.get("whatlead_runnable_jobs")).toBe(0);
    expect(after.get("whatlead_oldest_runnable_job_age_seconds")).toBe(0);
    expect(after.get('whatlead_jobs{status="SENT"}')).toBe(3);
    expect(after.get('whatlead_sends_total{outcome="sent",error_code="none"}')).toBe(3);
  });
});

describe("who may read /metrics", () => {
  const TOKEN = "metrics-token-0123456789abcdef";

  it("with METRICS_TOKEN: only a Bearer caller presenting it (an API key is not enough)", async () => {
    const guarded = await h.spawnApi({ metrics: { kind: "token", token: TOKEN } });
    expect((await guarded({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const withApiKey = await guarded({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${h.organization.apiKey}` },
    });
    expect(withApiKey.statusCode).toBe(401);
    const ok = await guarded({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("whatlead_");
  });

  it("off (PostgreSQL without METRICS_TOKEN): answers 404 and shows nothing", async () => {
    const off = await h.spawnApi({ metrics: { kind: "off" } });
    const res = await off({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("METRICS_OFF");
    expect(res.body).not.toContain("whatlead_");
  });
});
