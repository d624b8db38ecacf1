import { BUNDLES } from "../harness/bundle-paths";
import { IpcChild } from "../harness/ipc-child";
import { RECEIPTS_FLAG, type SimRequest, type SimStats } from "./sim-protocol";

export interface SimHandle {
  url: string;
  apiKey: string;
  request<T>(request: SimRequest): Promise<T>;
  stats(): Promise<SimStats>;
  close(): Promise<void>;
}

/**
 * Starts the simulator in its own process. With `receipts`, every accepted send is followed by the
 * gateway's webhooks (send.message, then delivered and read, each posted twice) to whatever URL
 * an instance's webhook is set to.
 */
export async function startSim(options: { receipts?: boolean } = {}): Promise<SimHandle> {
  const child = await IpcChild.start<SimRequest>(BUNDLES.simProcess, options.receipts ? [RECEIPTS_FLAG] : []);
  const { url, apiKey } = child.ready as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    request: (request) => child.request(request),
    stats: () => child.request<SimStats>({ kind: "stats" }),
    close: () => child.close(),
  };
}
