import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const INTENTS = 30;
const API_KEY = "wlk_graceful-shutdown-test-key";

let testDb: TestDatabase;
let sim: TurboZapSim;
let server: ChildProcess;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 2 });
  // Sends take long enough for SIGTERM to land while some are in flight and others still wait.
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 800 } });
});
afterAll(async () => {
  if (server.exitCode === null) server.kill("SIGKILL");
  await sim.close();
  await testDb.close();
});

/** Starts the real server process and resolves with its API address once it listens. */
function startServer(): Promise<string> {
  // `npx tsx` would put npm and a shell between the signal and the server, and npm does not relay
  // SIGTERM; node with tsx's loader is the same server as one process that receives it itself.
  server = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      TURBOZAP_BASE_URL: sim.url,
      TURBOZAP_API_KEY: sim.apiKey,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      WORKER_CONCURRENCY: "10",
      PER_INSTANCE_CONCURRENCY: "0",
      WORKER_POLL_INTERVAL_MS: "50",
      SHUTDOWN_TIMEOUT_MS: "20000",
      BOOTSTRAP_API_KEY: API_KEY,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

async function call(base: string, path: string, body: unknown): Promise<{ id: string }> {
  // A separate process: the harness's request() cannot reach it, so this is a plain HTTP client.
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

async function jobStatuses(): Promise<Record<string, number>> {
  const result = await testDb.db.execute(
    sql`select status, count(*)::int as n from message_execution_job group by status`,
  );
  const rows = (result as unknown as { rows: { status: string; n: number }[] }).rows;
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

describe("graceful shutdown of the real process", () => {
  it("on SIGTERM finishes in-flight sends, claims nothing more, leaves no job PROCESSING and exits 0", async () => {
    const base = await startServer();
    const instance = await call(base, "/v1/instances", { name: "shutdown-1" });
    for (let i = 0; i < INTENTS; i += 1) {
      const intent = await call(base, "/v1/intents", {
        target: { kind: "PHONE", value: `55119555${String(i).padStart(5, "0")}` },
        type: "TEXT",
        payload: { text: `bye ${i}` },
      });
      await call(base, `/v1/intents/${intent.id}/approve`, { instanceId: instance.id });
    }
    await eventually(async () => (sim.inFlight() > 0 ? true : undefined));

    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);

    const statuses = await jobStatuses();
    expect(statuses.PROCESSING).toBeUndefined();
    expect(statuses.SENT).toBe(sim.sends.length);
    expect(statuses.SENT).toBeGreaterThan(0);
    expect((statuses.PENDING ?? 0) + (statuses.RETRY ?? 0)).toBe(INTENTS - sim.sends.length);
    expect(new Set(sim.sends.map((send) => send.to)).size).toBe(sim.sends.length);
  }, 90_000);
});
