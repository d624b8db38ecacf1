import { type EvolutionSim, startEvolutionSim } from "@whatlead/evolution-sim";
import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim, type WuzapiSim } from "@whatlead/wuzapi-sim";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import { EvolutionClient } from "../../src/infra/providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../../src/infra/providers/evolution/evolution-provider-adapter";
import { mediaFetcherOf } from "../../src/infra/providers/media/media-fetcher";
import { TurboZapClient } from "../../src/infra/providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../../src/infra/providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../../src/infra/providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../../src/infra/providers/wuzapi/wuzapi-provider-adapter";
import { testSettings } from "./test-settings";

/** One gateway's adapter talking HTTP to its own simulator (no receipts), for adapter contract tests. */
export interface AdapterOnSim<A extends WhatsAppProvider, S> {
  adapter: A;
  sim: S;
  /** Closes the client, then the simulator. */
  close(): Promise<void>;
}

const TIMEOUT_MS = 2_000;

function closing<A extends WhatsAppProvider, S extends { close(): Promise<void> }>(
  adapter: A,
  sim: S,
  client: { close(): void },
): AdapterOnSim<A, S> {
  return {
    adapter,
    sim,
    close: async () => {
      client.close();
      await sim.close();
    },
  };
}

export async function turbozapOnSim(): Promise<AdapterOnSim<TurboZapProviderAdapter, TurboZapSim>> {
  const sim = await startTurboZapSim({ receipts: false });
  const client = new TurboZapClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
  return closing(new TurboZapProviderAdapter(client), sim, client);
}

export async function evolutionOnSim(): Promise<AdapterOnSim<EvolutionProviderAdapter, EvolutionSim>> {
  const sim = await startEvolutionSim({ receipts: false });
  const client = new EvolutionClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: TIMEOUT_MS });
  return closing(new EvolutionProviderAdapter(client, sim.apiKey), sim, client);
}

export async function wuzapiOnSim(): Promise<AdapterOnSim<WuzapiProviderAdapter, WuzapiSim>> {
  const sim = await startWuzapiSim({ receipts: false });
  const client = new WuzapiClient({ baseUrl: sim.url, adminToken: sim.adminToken, timeoutMs: TIMEOUT_MS });
  const media = mediaFetcherOf(testSettings());
  return closing(new WuzapiProviderAdapter(client, sim.adminToken, media), sim, client);
}
