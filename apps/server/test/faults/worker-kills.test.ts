import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { account, expectSoundAccounting, printFigures, readJobs, settle } from "./support/accounting";
import { faultEnv } from "./support/fault-env";
import { createApprovedIntents, randomBetween, registerInstance, sleep } from "./support/load";

// Scenario 1: three worker processes drain 2,000 intents while one of them is killed with SIGKILL
// at random moments and restarted, at least 10 times.

const INTENTS = 2_000;
const KILLS = 10;

let database: TestDatabase;
let sim: TurboZapSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ max: 2 });
  // Slow enough sends that the kills land while work is in flight.
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 60, latencyJitterMs: 120 } });
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await database?.close();
});

async function start(env: Record<string, string> = {}): Promise<ExecutorProcess> {
  const started = await startExecutorProcess({ ...faultEnv(database.url, sim), ...env });
  processes.push(started);
  return started;
}

/** Worker ids are `host:pid:random`. */
function pidOf(lockedBy: string | null): number {
  return Number(lockedBy?.split(":")[1] ?? -1);
}

describe("fault: worker processes killed mid-work", () => {
  it("never sends an intent twice while a worker is SIGKILLed and restarted again and again", async () => {
    const api = await start({ WORKER_ENABLED: "false" });
    const instances = [await registerInstance(api.url, "kill-1"), await registerInstance(api.url, "kill-2")];
    await createApprovedIntents(api.url, instances, INTENTS);

    const steady = [await start(), await start()];
    let victim = await start();
    const killed: number[] = [];
    while (killed.length < KILLS) {
      await sleep(randomBetween(150, 900));
      victim.kill("SIGKILL");
      await victim.exited;
      killed.push(victim.pid);
      victim = await start();
    }

    const killedClaim = (job: { locked_by: string | null }) => killed.includes(pidOf(job.locked_by));
    const result = await settle(
      async () => account(await readJobs(database.url), sim.sends),
      // AFTER LEASE RECOVERY LANDS: wait for `a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0`.
      (a) => a.runnable === 0 && a.jobs.every((job) => job.status !== "PROCESSING" || killedClaim(job)),
      180_000,
    );
    const processing = result.jobs.filter((job) => job.status === "PROCESSING");
    printFigures({
      scenario: "worker-kills",
      intents: INTENTS,
      workerProcesses: 3,
      kills: killed.length,
      acceptedSends: result.acceptedSends,
      outcomes: result.byStatus,
      processingHeldByKilledWorkers: processing.filter(killedClaim).length,
      duplicates: result.duplicates,
      sentWithoutItsSend: result.sentMismatches,
    });

    expect(killed).toHaveLength(KILLS);
    for (const p of [api, ...steady, victim]) expect(p.output()).not.toMatch(/failed to start/);
    expectSoundAccounting(result, INTENTS);
    // Only the killed processes' claims may still be PROCESSING: a live worker always finishes its own.
    expect(processing.filter((job) => !killedClaim(job))).toEqual([]);
    // AFTER LEASE RECOVERY LANDS, replace the line above with:
    //   expect(processing).toEqual([]);
    // (every lease of a killed worker has expired by then and recovery has settled its jobs).
  }, 420_000);
});
