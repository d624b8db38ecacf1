import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const INTENTS = 30;
const API_KEY = "wlk_graceful-shutdown-test-key-0123456789";

let testDb: TestDatabase;
let sim: TurboZapSim;
let server: ServerProcess;

beforeAll(async () => {
  testDb = await createTestDatabase({ max: 2 });
  // Sends take long enough for SIGTERM to land while some are in flight and others still wait.
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 800 } });
});
afterAll(async () => {
  if (server?.process.exitCode === null) server.process.kill("SIGKILL");
  await sim.close();
  await testDb.close();
});

async function jobStatuses(): Promise<Record<string, number>> {
  const result = await testDb.db.execute(
    sql`select status, count(*)::int as n from message_execution_job group by status`,
  );
  const rows = (result as unknown as { rows: { status: string; n: number }[] }).rows;
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

describe("graceful shutdown of the real process", () => {
  it("on SIGTERM finishes in-flight sends, claims nothing more, leaves no job PROCESSING and exits 0", async () => {
    server = await startServerProcess(
      {
        DATABASE_URL: testDb.url,
        TURBOZAP_BASE_URL: sim.url,
        TURBOZAP_API_KEY: sim.apiKey,
        WORKER_CONCURRENCY: "10",
        PER_INSTANCE_CONCURRENCY: "0",
        WORKER_POLL_INTERVAL_MS: "50",
        SHUTDOWN_TIMEOUT_MS: "20000",
      },
      API_KEY,
    );
    const instance = await server.post("/v1/instances", { name: "shutdown-1" });
    for (let i = 0; i < INTENTS; i += 1) {
      const intent = await server.post("/v1/intents", {
        target: { kind: "PHONE", value: `55119555${String(i).padStart(5, "0")}` },
        type: "TEXT",
        payload: { text: `bye ${i}` },
      });
      await server.post(`/v1/intents/${intent.id}/approve`, { instanceId: instance.id });
    }
    await eventually(async () => (sim.inFlight() > 0 ? true : undefined));

    const exited = new Promise<number | null>((resolve) =>
      server.process.on("exit", (code) => resolve(code)),
    );
    server.process.kill("SIGTERM");
    expect(await exited).toBe(0);

    const statuses = await jobStatuses();
    expect(statuses.PROCESSING).toBeUndefined();
    expect(statuses.SENT).toBe(sim.sends.length);
    expect(statuses.SENT).toBeGreaterThan(0);
    expect((statuses.PENDING ?? 0) + (statuses.RETRY ?? 0)).toBe(INTENTS - sim.sends.length);
    expect(new Set(sim.sends.map((send) => send.to)).size).toBe(sim.sends.length);
  }, 90_000);
});
