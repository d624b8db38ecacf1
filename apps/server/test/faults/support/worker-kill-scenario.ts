import type { TurboZapSim } from "@whatlead/turbozap-sim";
import { expect } from "vitest";
import { type ExecutorProcess, startExecutorProcess } from "../../support/executor-process";
import { printFigures } from "../../support/fault-figures";
import {
  account,
  expectSoundAccounting,
  outcomeFigures,
  readJobs,
  settle,
  timelineFigures,
} from "./accounting";
import { faultEnv } from "./fault-env";
import { createApprovedIntents, randomBetween, registerInstance, sleep } from "./load";

export interface WorkerKillScenario {
  name: string;
  /** What the executor processes connect to (PostgreSQL, or a pooler in front of it). */
  executorUrl: string;
  /** PostgreSQL itself, for the accounting. */
  databaseUrl: string;
  sim: TurboZapSim;
  kills: number;
  /**
   * Approved just before each kill, so that every kill lands on sends in flight however fast the
   * machine drains them (loaded all at first, 2,000 took longer to drain than 10 kills to happen).
   */
  intentsPerKill: number;
  /** More settings for every process. */
  env?: Record<string, string>;
  /** Every process started, so that the test file stops them even after a failure. */
  processes: ExecutorProcess[];
}

/**
 * Three worker processes drain the intents while two of them are SIGKILLed in turn at random
 * moments and restarted, `kills` times in all; then the usual accounting: nothing sent twice, every SENT matches one
 * accepted send, nothing PROCESSING or runnable left.
 */
export async function runWorkerKills(scenario: WorkerKillScenario): Promise<void> {
  const start = async (env: Record<string, string> = {}) => {
    const started = await startExecutorProcess({
      ...faultEnv(scenario.executorUrl, scenario.sim),
      ...scenario.env,
      ...env,
    });
    scenario.processes.push(started);
    return started;
  };
  const [api, steady, ...victims] = await Promise.all([
    start({ WORKER_ENABLED: "false" }),
    start(),
    start(),
    start(),
  ]);
  const instances = [await registerInstance(api.url, "kill-1"), await registerInstance(api.url, "kill-2")];
  const intents = scenario.kills * scenario.intentsPerKill;
  // Two of the three workers are killed in turn, so that one restarts while the other is killed:
  // a start, not the kill, is what a kill waited for (1-10 s on a busy 2-core machine).
  const lanes = victims.map((victim) => Promise.resolve(victim));
  const killed: number[] = [];
  while (killed.length < scenario.kills) {
    const first = killed.length * scenario.intentsPerKill;
    await createApprovedIntents(api.url, instances, scenario.intentsPerKill, first);
    await sleep(randomBetween(150, 900));
    const lane = killed.length % lanes.length;
    const victim = (await lanes[lane]) as ExecutorProcess;
    victim.kill("SIGKILL");
    await victim.exited;
    killed.push(victim.pid);
    lanes[lane] = start();
  }
  const restarted = await Promise.all(lanes);

  const result = await settle(
    async () => account(await readJobs(scenario.databaseUrl), scenario.sim.sends),
    (a) => a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
    180_000,
  );
  const recovered = await timelineFigures(scenario.databaseUrl);
  printFigures({
    scenario: scenario.name,
    intents,
    workerProcesses: 3,
    kills: killed.length,
    ...outcomeFigures(result, recovered),
  });

  expect(killed).toHaveLength(scenario.kills);
  for (const p of [api, steady, ...restarted])
    expect(p.output()).not.toMatch(/failed to start|does not exist|already exists/);
  expectSoundAccounting(result, intents);
  // What a killed worker had handed to the gateway is UNCONFIRMED (never sent twice); what it had
  // only claimed was retried (MessageFailed LEASE_EXPIRED); the rest went out.
  const unconfirmed = result.jobs.filter((job) => job.status === "UNCONFIRMED");
  for (const job of unconfirmed) expect(job.last_error?.code).toBe("LEASE_EXPIRED");
  expect(recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0).toBe(unconfirmed.length);
  expect(
    (recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0) + (recovered["MessageFailed:LEASE_EXPIRED"] ?? 0),
  ).toBeGreaterThan(0);
}
