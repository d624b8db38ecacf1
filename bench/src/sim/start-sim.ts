import { BUNDLES } from "../harness/bundle-paths";
import { IpcChild } from "../harness/ipc-child";
import type { GatewayName } from "../scenarios";
import type { SimRequest, SimStats } from "./sim-protocol";

export interface SimHandle {
  url: string;
  /** What the executor is configured with: the API key, or wuzapi's admin token. */
  apiKey: string;
  request<T>(request: SimRequest): Promise<T>;
  stats(): Promise<SimStats>;
  close(): Promise<void>;
}

/** Starts a gateway's simulator (TurboZap's by default) in its own process. */
export async function startSim(gateway: GatewayName = "turbozap"): Promise<SimHandle> {
  const child = await IpcChild.start<SimRequest>(BUNDLES.simProcess, [gateway]);
  const { url, apiKey } = child.ready as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    request: (request) => child.request(request),
    stats: () => child.request<SimStats>({ kind: "stats" }),
    close: () => child.close(),
  };
}
