import { BUNDLES } from "../harness/bundle-paths";
import { IpcChild } from "../harness/ipc-child";
import type { SimRequest, SimStats } from "./sim-protocol";

export interface SimHandle {
  url: string;
  apiKey: string;
  request<T>(request: SimRequest): Promise<T>;
  stats(): Promise<SimStats>;
  close(): Promise<void>;
}

/** Starts the simulator in its own process. */
export async function startSim(): Promise<SimHandle> {
  const child = await IpcChild.start<SimRequest>(BUNDLES.simProcess, []);
  const { url, apiKey } = child.ready as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    request: (request) => child.request(request),
    stats: () => child.request<SimStats>({ kind: "stats" }),
    close: () => child.close(),
  };
}
