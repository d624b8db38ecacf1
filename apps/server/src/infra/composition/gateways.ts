import { startEvolutionSim } from "@whatlead/evolution-sim";
import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { startWuzapiSim } from "@whatlead/wuzapi-sim";
import type { WhatsAppProvider } from "../../application/ports/provider-registry";
import type { Config } from "../config/config";
import { EvolutionClient } from "../providers/evolution/evolution-client";
import { EvolutionProviderAdapter } from "../providers/evolution/evolution-provider-adapter";
import { TurboZapClient } from "../providers/turbozap/turbozap-client";
import { TurboZapProviderAdapter } from "../providers/turbozap/turbozap-provider-adapter";
import { WuzapiClient } from "../providers/wuzapi/wuzapi-client";
import { WuzapiProviderAdapter } from "../providers/wuzapi/wuzapi-provider-adapter";

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
  /** The wuzapi admin token, which also makes and checks the tokens of our wuzapi users; null without wuzapi. */
  wuzapiAdminToken: string | null;
  close(): Promise<void>;
}

function isAnyGatewayConfigured(config: Config): boolean {
  return Boolean(config.TURBOZAP_BASE_URL || config.EVOLUTION_BASE_URL || config.WUZAPI_BASE_URL);
}

function turbozap(url: string, apiKey: string, config: Config, embedded: boolean): OpenGateway {
  const client = new TurboZapClient({ baseUrl: url, apiKey, timeoutMs: config.TURBOZAP_TIMEOUT_MS });
  return { provider: new TurboZapProviderAdapter(client), url, embedded };
}

function evolution(url: string, apiKey: string, config: Config, embedded: boolean): OpenGateway {
  const client = new EvolutionClient({ baseUrl: url, apiKey, timeoutMs: config.EVOLUTION_TIMEOUT_MS });
  return { provider: new EvolutionProviderAdapter(client, apiKey), url, embedded };
}

function wuzapi(url: string, adminToken: string, config: Config, embedded: boolean): OpenGateway {
  const client = new WuzapiClient({ baseUrl: url, adminToken, timeoutMs: config.WUZAPI_TIMEOUT_MS });
  return { provider: new WuzapiProviderAdapter(client, adminToken), url, embedded };
}

/** The real gateways configured, side by side; with none, the three simulators in this process. */
export async function openGateways(config: Config): Promise<Gateways> {
  if (isAnyGatewayConfigured(config)) {
    const gateways: OpenGateway[] = [];
    if (config.TURBOZAP_BASE_URL && config.TURBOZAP_API_KEY) {
      gateways.push(turbozap(config.TURBOZAP_BASE_URL, config.TURBOZAP_API_KEY, config, false));
    }
    if (config.EVOLUTION_BASE_URL && config.EVOLUTION_API_KEY) {
      gateways.push(evolution(config.EVOLUTION_BASE_URL, config.EVOLUTION_API_KEY, config, false));
    }
    if (config.WUZAPI_BASE_URL && config.WUZAPI_ADMIN_TOKEN) {
      gateways.push(wuzapi(config.WUZAPI_BASE_URL, config.WUZAPI_ADMIN_TOKEN, config, false));
    }
    return {
      gateways,
      embedded: false,
      wuzapiAdminToken: config.WUZAPI_ADMIN_TOKEN ?? null,
      close: async () => {},
    };
  }
  // SIM_PORT pins TurboZap's simulator (the one scripts and the bench talk to); the others take free ports.
  const [turbozapSim, evolutionSim, wuzapiSim] = await Promise.all([
    startTurboZapSim({ port: config.SIM_PORT }),
    startEvolutionSim(),
    startWuzapiSim(),
  ]);
  return {
    gateways: [
      turbozap(turbozapSim.url, turbozapSim.apiKey, config, true),
      evolution(evolutionSim.url, evolutionSim.apiKey, config, true),
      wuzapi(wuzapiSim.url, wuzapiSim.adminToken, config, true),
    ],
    embedded: true,
    wuzapiAdminToken: wuzapiSim.adminToken,
    close: async () => {
      await Promise.all([turbozapSim.close(), evolutionSim.close(), wuzapiSim.close()]);
    },
  };
}
