import {
  CheckLog,
  HeldResponses,
  InFlightTracker,
  InstanceDirectory,
  mergeFaults,
  PresenceLog,
  SendLog,
  serveSim,
  simApi,
  TimerBag,
} from "@whatlead/sim-kit";
import type { WuzapiContext } from "./context";
import { zeroFaults } from "./faults";
import { WuzapiReceipts } from "./receipts";
import { createWuzapiHandler } from "./router";
import { WuzapiControl } from "./sim-control";
import type { WuzapiSim, WuzapiSimOptions, WuzapiSimSend } from "./types";
import type { WuzapiUser } from "./user";
import { WuzapiWebhooks } from "./webhooks";

const DEFAULT_RECEIPTS = { deliveredAfterMs: 50, readAfterMs: 150 };

function buildContext(opts: WuzapiSimOptions): { ctx: WuzapiContext; webhooks: WuzapiWebhooks } {
  const faults = zeroFaults();
  mergeFaults(faults, opts.faults ?? {});
  const timers = new TimerBag();
  const webhooks = new WuzapiWebhooks(timers);
  const ctx: WuzapiContext = {
    adminToken: opts.adminToken ?? "sim-wuzapi-admin",
    autoConnect: opts.autoConnect ?? true,
    users: new InstanceDirectory<WuzapiUser>((user) => user.token),
    nextUserId: 1,
    faults,
    timeouts: {
      ackTimeoutMs: opts.ackTimeoutMs ?? 75_000,
      writeTimeoutMs: opts.writeTimeoutMs ?? 120_000,
      connectWaitMs: opts.connectWaitMs ?? 10_000,
    },
    sendLog: new SendLog<WuzapiSimSend>(),
    presenceLog: new PresenceLog(),
    checkLog: new CheckLog(),
    inFlight: new InFlightTracker(),
    receipts: new WuzapiReceipts(
      webhooks,
      timers,
      opts.receipts ?? DEFAULT_RECEIPTS,
      faults,
      opts.receiptBatchWindowMs ?? 20,
    ),
    timers,
    held: new HeldResponses(),
  };
  return { ctx, webhooks };
}

/** Starts a wuzapi simulator (contract: wuzapi-contract.md) on a free port by default. */
export async function startWuzapiSim(opts: WuzapiSimOptions = {}): Promise<WuzapiSim> {
  const { ctx, webhooks } = buildContext(opts);
  const control = new WuzapiControl(ctx);
  const server = await serveSim(createWuzapiHandler(ctx, control), opts);
  const shutdown = () => {
    ctx.timers.stop();
    webhooks.stop();
    ctx.held.destroyAll();
    return server.close();
  };
  return {
    url: server.url,
    adminToken: ctx.adminToken,
    ...simApi(control, shutdown),
  };
}
