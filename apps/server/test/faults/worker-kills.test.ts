import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import type { ExecutorProcess } from "../support/executor-process";
import { runWorkerKills } from "./support/worker-kill-scenario";

// Scenario 1: three worker processes drain 1,000 intents, 100 approved before each kill, while two
// of them are killed in turn with SIGKILL at random moments and restarted, 10 times in all.

let database: TestDatabase;
let sim: TurboZapSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ max: 1 });
  // Slow enough sends that the kills land while work is in flight.
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 60, latencyJitterMs: 120 } });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await database?.close();
});

describe("fault: worker processes killed mid-work", () => {
  it("never sends an intent twice while a worker is SIGKILLed and restarted again and again", async () => {
    await runWorkerKills({
      name: "worker-kills",
      executorUrl: database.url,
      databaseUrl: database.url,
      sim,
      intentsPerKill: 100,
      kills: 10,
      processes,
    });
  }, 420_000);
});
