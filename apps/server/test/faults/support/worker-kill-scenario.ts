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
  intents: number;
  kills: number;
  /** More settings for every process. */
  env?: Record<string, string>;
  /** Every process started, so that the test file stops them even after a failure. */
  processes: ExecutorProcess[];
}

/**
 * Three worker processes drain `intents` while one of them is SIGKILLed at random moments and
 * restarted, `kills` times; then the usual accounting: nothing sent twice, every SENT matches one
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
  const api = await start({ WORKER_ENABLED: "false" });
  const instances = [await registerInstance(api.url, "kill-1"), await registerInstance(api.url, "kill-2")];
  await createApprovedIntents(api.url, instances, scenario.intents);

  const steady = [await start(), await start()];
  let victim = await start();
  const killed: number[] = [];
  while (killed.length < scenario.kills) {
    await sleep(randomBetween(150, 900));
    victim.kill("SIGKILL");
    await victim.exited;
    killed.push(victim.pid);
    victim = await start();
  }

  const result = await settle(
    async () => account(await readJobs(scenario.databaseUrl), scenario.sim.sends),
    (a) => a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
    180_000,
  );
  const recovered = await timelineFigures(scenario.databaseUrl);
  printFigures({
    scenario: scenario.name,
    intents: scenario.intents,
    workerProcesses: 3,
    kills: killed.length,
    ...outcomeFigures(result, recovered),
  });

  expect(killed).toHaveLength(scenario.kills);
  for (const p of [api, ...steady, victim])
    expect(p.output()).not.toMatch(/failed to start|does not exist|already exists/);
  expectSoundAccounting(result, scenario.intents);
  // What a killed worker had handed to the gateway is UNCONFIRMED (never sent twice); what it had
  // only claimed was retried (MessageFailed LEASE_EXPIRED); the rest went out.
  const unconfirmed = result.jobs.filter((job) => job.status === "UNCONFIRMED");
  for (const job of unconfirmed) expect(job.last_error?.code).toBe("LEASE_EXPIRED");
  expect(recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0).toBe(unconfirmed.length);
  expect(
    (recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0) + (recovered["MessageFailed:LEASE_EXPIRED"] ?? 0),
  ).toBeGreaterThan(0);
}
