import { BUNDLES } from "../harness/bundle-paths";
import { IpcChild } from "../harness/ipc-child";
import type { GatewayName } from "../scenarios";
import { RECEIPTS_FLAG, type SimRequest, type SimStats } from "./sim-protocol";

export interface SimHandle {
  url: string;
  /** What the executor is configured with: the API key, or wuzapi's admin token. */
  apiKey: string;
  request<T>(request: SimRequest): Promise<T>;
  stats(): Promise<SimStats>;
  close(): Promise<void>;
}

/**
 * Starts a gateway's simulator (TurboZap's by default) in its own process. With `receipts`, every
 * accepted send is followed by the gateway's webhooks (TurboZap: send.message, then delivered and
 * read, each posted twice) to whatever URL an instance's webhook is set to.
 */
export async function startSim(
  gateway: GatewayName = "turbozap",
  options: { receipts?: boolean } = {},
): Promise<SimHandle> {
  const child = await IpcChild.start<SimRequest>(
    BUNDLES.simProcess,
    options.receipts ? [gateway, RECEIPTS_FLAG] : [gateway],
  );
  const { url, apiKey } = child.ready as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    request: (request) => child.request(request),
    stats: () => child.request<SimStats>({ kind: "stats" }),
    close: () => child.close(),
  };
}
