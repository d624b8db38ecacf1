import { type ExecutorProcess, freePort, startExecutorProcess } from "../../support/executor-process";
import { createApprovedIntents, registerInstance, sleep } from "./load";

/** What the gateway scenario needs of a simulator: its faults and one number's socket. */
export interface SimUnderFaults {
  setFaults(faults: Record<string, number>): void;
  setConnected(name: string, connected: boolean): void;
  /** The accepted sends so far, each with the number it went through. */
  readonly sends: readonly { instance: string }[];
}

export interface GatewayScenario {
  /** The processes' settings: the database, the gateway and its client timeout. */
  env: Record<string, string>;
  sim: SimUnderFaults;
  /** Two instance names; the second one's socket drops for `disconnectedMs`. */
  instanceNames: [string, string];
  intents: number;
  faults: Record<string, number>;
  disconnectedMs: number;
  /** Every process started, for the caller to stop. */
  processes: ExecutorProcess[];
}

/**
 * The gateway scenario's run, whatever the gateway: an API process that receives the gateway's
 * webhooks, the intents approved over two instances, then two worker processes sending through the
 * faults while the second number's socket drops for a while. The caller settles
 * and accounts; it gets the API process.
 */
export async function runGatewayScenario(scenario: GatewayScenario): Promise<ExecutorProcess> {
  const start = async (env: Record<string, string>) => {
    const started = await startExecutorProcess({
      ...scenario.env,
      // Enough attempts to outlast a 20% failure rate and the disconnected spell.
      MAX_ATTEMPTS: "12",
      RETRY_MAX_DELAY_MS: "400",
      WORKER_CONCURRENCY: "10",
      // Ten sends at a time each: 7 connections a worker (pool, claims, LISTEN), 19 for the three
      // processes, 21 with the test's own two.
      DATABASE_POOL_SIZE: "4",
      ...env,
    });
    scenario.processes.push(started);
    return started;
  };
  const port = await freePort();
  const api = await start({
    WORKER_ENABLED: "false",
    PORT: String(port),
    // Each gateway's webhooks are set up on its own credential (TurboZap's scenario adds its secret).
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    GATEWAY_RECONCILE_INTERVAL_MS: "250",
  });
  const [first, second] = scenario.instanceNames;
  const instances = [await registerInstance(api.url, first), await registerInstance(api.url, second)];
  await createApprovedIntents(api.url, instances, scenario.intents);

  scenario.sim.setFaults({ ...scenario.faults, latencyMs: 5, latencyJitterMs: 20 });
  await Promise.all([start({}), start({})]);
  // The number must drop with sends in flight, before the gateway's webhook holds it: dropped before
  // its first send, it was held by the webhook and met no send; dropped half a second into the run,
  // as it was, it met none once at CI's pace (its 300 sends were nearly all gone). So it drops once
  // the gateway has taken ten of them.
  await takenSends(scenario.sim, second, 10);
  scenario.sim.setConnected(second, false);
  await sleep(scenario.disconnectedMs);
  scenario.sim.setConnected(second, true);
  return api;
}

/** Waits until the gateway has accepted `count` sends through the number `name`. */
async function takenSends(sim: SimUnderFaults, name: string, count: number): Promise<void> {
  while (sim.sends.filter((send) => send.instance === name).length < count) await sleep(5);
}
