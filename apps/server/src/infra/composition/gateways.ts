import { startEvolutionSim } from "@whatlead/evolution-sim";
import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim } from "@whatlead/wuzapi-sim";
import type { WhatsAppProvider } from "../../application/ports/provider-registry";
import type { Config } from "../config/config";
import { EvolutionClient } from "../providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../providers/evolution/evolution-provider-adapter";
import { mediaFetcherOf } from "../providers/media/media-fetcher";
import { TurboZapClient } from "../providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../providers/wuzapi/wuzapi-provider-adapter";
import { NO_TRACING, type Tracing } from "../tracing/tracing";

export interface OpenGateway {
  provider: WhatsAppProvider;
  url: string;
  /** A simulator in this process rather than a real gateway. */
  embedded: boolean;
}

export interface Gateways {
  /** The default provider (TurboZap) first. */
  gateways: OpenGateway[];
  /** True when no real gateway is configured: all three simulators run in this process. */
  embedded: boolean;
  /** Evolution's global key, from which its webhook secret is made; null without Evolution. */
  evolutionApiKey: string | null;
  /** The wuzapi admin token, which also makes and checks the tokens of our wuzapi users; null without wuzapi. */
  wuzapiAdminToken: string | null;
  close(): Promise<void>;
}

function isAnyGatewayConfigured(config: Config): boolean {
  return Boolean(config.TURBOZAP_BASE_URL || config.EVOLUTION_BASE_URL || config.WUZAPI_BASE_URL);
}

/** Where one gateway answers, whether it is a simulator in this process, and how its calls are traced. */
interface GatewaySite {
  url: string;
  embedded: boolean;
  tracing: Tracing;
}

function turbozap({ url, embedded, tracing }: GatewaySite, apiKey: string, config: Config): OpenGateway {
  const client = new TurboZapClient({ baseUrl: url, apiKey, timeoutMs: config.TURBOZAP_TIMEOUT_MS, tracing });
  return { provider: new TurboZapProviderAdapter(client), url, embedded };
}

function evolution({ url, embedded, tracing }: GatewaySite, apiKey: string, config: Config): OpenGateway {
  const client = new EvolutionClient({
    baseUrl: url,
    apiKey,
    timeoutMs: config.EVOLUTION_TIMEOUT_MS,
    tracing,
  });
  return { provider: new EvolutionProviderAdapter(client, apiKey), url, embedded };
}

function wuzapi({ url, embedded, tracing }: GatewaySite, adminToken: string, config: Config): OpenGateway {
  const client = new WuzapiClient({ baseUrl: url, adminToken, timeoutMs: config.WUZAPI_TIMEOUT_MS, tracing });
  const provider = new WuzapiProviderAdapter(client, adminToken, mediaFetcherOf(config));
  return { provider, url, embedded };
}

/** The real gateways configured, side by side; with none, the three simulators in this process. */
export async function openGateways(config: Config, tracing: Tracing = NO_TRACING): Promise<Gateways> {
  if (isAnyGatewayConfigured(config)) {
    const real = (url: string): GatewaySite => ({ url, embedded: false, tracing });
    const gateways: OpenGateway[] = [];
    if (config.TURBOZAP_BASE_URL && config.TURBOZAP_API_KEY) {
      gateways.push(turbozap(real(config.TURBOZAP_BASE_URL), config.TURBOZAP_API_KEY, config));
    }
    if (config.EVOLUTION_BASE_URL && config.EVOLUTION_API_KEY) {
      gateways.push(evolution(real(config.EVOLUTION_BASE_URL), config.EVOLUTION_API_KEY, config));
    }
    if (config.WUZAPI_BASE_URL && config.WUZAPI_ADMIN_TOKEN) {
      gateways.push(wuzapi(real(config.WUZAPI_BASE_URL), config.WUZAPI_ADMIN_TOKEN, config));
    }
    return {
      gateways,
      embedded: false,
      evolutionApiKey: config.EVOLUTION_BASE_URL ? (config.EVOLUTION_API_KEY ?? null) : null,
      wuzapiAdminToken: config.WUZAPI_BASE_URL ? (config.WUZAPI_ADMIN_TOKEN ?? null) : null,
      close: async () => {},
    };
  }
  // SIM_PORT pins TurboZap's simulator (the one scripts and the bench talk to); the others take free ports.
  const [turbozapSim, evolutionSim, wuzapiSim] = await Promise.all([
    startTurboZapSim({ port: config.SIM_PORT }),
    startEvolutionSim(),
    startWuzapiSim(),
  ]);
  const simulator = (url: string): GatewaySite => ({ url, embedded: true, tracing });
  return {
    gateways: [
      turbozap(simulator(turbozapSim.url), turbozapSim.apiKey, config),
      evolution(simulator(evolutionSim.url), evolutionSim.apiKey, config),
      wuzapi(simulator(wuzapiSim.url), wuzapiSim.adminToken, config),
    ],
    embedded: true,
    evolutionApiKey: evolutionSim.apiKey,
    wuzapiAdminToken: wuzapiSim.adminToken,
    close: async () => {
      await Promise.all([turbozapSim.close(), evolutionSim.close(), wuzapiSim.close()]);
    },
  };
}
