import { type ExecutorProcess, freePort, startExecutorProcess } from "../../support/executor-process";
import { createApprovedIntents, registerInstance, sleep } from "./load";

/** What the gateway scenario needs of a simulator: its faults and one number's socket. */
export interface SimUnderFaults {
  setFaults(faults: Record<string, number>): void;
  setConnected(name: string, connected: boolean): void;
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
 * webhooks; two worker processes started while the intents are approved over two instances, and
 * sent through the faults while the second number's socket drops for a while. The caller settles
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
      // processes, 22 with the test's own.
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
  // Registering a number sets up its webhook within the client timeout (700 ms for TurboZap): with
  // the workers starting beside it, a machine at load 27 missed it once (a 502).
  const [first, second] = scenario.instanceNames;
  const instances = [await registerInstance(api.url, first), await registerInstance(api.url, second)];
  scenario.sim.setFaults({ ...scenario.faults, latencyMs: 5, latencyJitterMs: 20 });
  await Promise.all([start({}), start({}), createApprovedIntents(api.url, instances, scenario.intents)]);
  await sleep(500);
  scenario.sim.setConnected(second, false);
  await sleep(scenario.disconnectedMs);
  scenario.sim.setConnected(second, true);
  return api;
}
