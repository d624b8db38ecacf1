import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import { account, expectSoundAccounting, readJobs, settle, timelineFigures } from "./support/accounting";
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

    const result = await settle(
      async () => account(await readJobs(database.url), sim.sends),
      (a) => a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
      180_000,
    );
    const recovered = await timelineFigures(database.url);
    printFigures({
      scenario: "worker-kills",
      intents: INTENTS,
      workerProcesses: 3,
      kills: killed.length,
      acceptedSends: result.acceptedSends,
      outcomes: result.byStatus,
      processingLeft: result.byStatus.PROCESSING ?? 0,
      leaseExpiredUnconfirmed: recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0,
      leaseExpiredRetried: recovered["MessageFailed:LEASE_EXPIRED"] ?? 0,
      unconfirmedNeverSent: result.unconfirmedNeverSent,
      duplicates: result.duplicates,
      sentWithoutItsSend: result.sentMismatches,
    });

    expect(killed).toHaveLength(KILLS);
    for (const p of [api, ...steady, victim]) expect(p.output()).not.toMatch(/failed to start/);
    expectSoundAccounting(result, INTENTS);
    // What a killed worker had handed to the gateway is UNCONFIRMED (never sent twice); what it had
    // only claimed was retried (MessageFailed LEASE_EXPIRED); the rest went out.
    const unconfirmed = result.jobs.filter((job) => job.status === "UNCONFIRMED");
    for (const job of unconfirmed) expect(job.last_error?.code).toBe("LEASE_EXPIRED");
    expect(recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0).toBe(unconfirmed.length);
    expect(
      (recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0) + (recovered["MessageFailed:LEASE_EXPIRED"] ?? 0),
    ).toBeGreaterThan(0);
  }, 420_000);
});
