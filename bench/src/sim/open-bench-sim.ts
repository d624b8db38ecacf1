import { startEvolutionSim } from "@whatlead/evolution-sim";
import type { LoggedSend } from "@whatlead/sim-kit";
import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim } from "@whatlead/wuzapi-sim";
import { loadConfig } from "../../../apps/server/src/infra/config/config";
import { EvolutionClient } from "../../../apps/server/src/infra/providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../../../apps/server/src/infra/providers/evolution/evolution-provider-adapter";
import { mediaFetcherOf } from "../../../apps/server/src/infra/providers/media/media-fetcher";
import { WuzapiClient } from "../../../apps/server/src/infra/providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../../../apps/server/src/infra/providers/wuzapi/wuzapi-provider-adapter";
import type { GatewayName } from "../scenarios";

/** What the bench asks of any gateway's simulator. */
export interface BenchSim {
  url: string;
  sends: (LoggedSend & { to: string; instance: string })[];
  setFaults(faults: { latencyMs: number }): void;
  clear(): void;
  maxInFlightByInstance(): Record<string, number>;
  close(): Promise<void>;
}

export interface OpenBenchSim {
  sim: BenchSim;
  /** What the executor is configured with: TurboZap's and Evolution's API key, wuzapi's admin token. */
  credential: string;
  /** Creates and pairs an instance the way the executor's adapter does, so that its calls are authorized. */
  createInstance(name: string): Promise<void>;
}

const TIMEOUT_MS = 10_000;

/**
 * Starts one gateway's simulator, with no receipts unless asked (W7 points them at the executor;
 * elsewhere nothing would receive them). A phone acknowledges as the simulators' defaults say.
 */
export async function openBenchSim(gateway: GatewayName, receipts = false): Promise<OpenBenchSim> {
  const acknowledging = receipts ? {} : { receipts: false as const };
  if (gateway === "evolution") {
    const sim = await startEvolutionSim(acknowledging);
    const client = new EvolutionClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
    // Each instance gets the token the adapter derives, as when the executor registers it.
    const adapter = new EvolutionProviderAdapter(client, sim.apiKey);
    return {
      sim,
      credential: sim.apiKey,
      createInstance: async (name) => void (await adapter.ensureInstance(name)),
    };
  }
  if (gateway === "wuzapi") {
    const sim = await startWuzapiSim(acknowledging);
    const client = new WuzapiClient({ baseUrl: sim.url, adminToken: sim.adminToken, timeoutMs: TIMEOUT_MS });
    // A wuzapi user's token is derived from the admin token: only the adapter makes it.
    const adapter = new WuzapiProviderAdapter(client, sim.adminToken, mediaFetcherOf(loadConfig({})));
    return {
      sim,
      credential: sim.adminToken,
      createInstance: async (name) => void (await adapter.ensureInstance(name)),
    };
  }
  const sim = await startTurboZapSim(acknowledging);
  return { sim, credential: sim.apiKey, createInstance: async (name) => void sim.createInstance(name) };
}
