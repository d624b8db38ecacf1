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
import type { EvolutionContext } from "./context";
import { zeroFaults } from "./faults";
import type { EvolutionInstance } from "./instance";
import { createEvolutionHandler } from "./router";
import { EvolutionSendEvents } from "./send-events";
import { EvolutionControl } from "./sim-control";
import type { EvolutionSim, EvolutionSimOptions, EvolutionSimSend } from "./types";
import { EvolutionWebhooks } from "./webhooks";

const DEFAULT_RECEIPTS = { deliveredAfterMs: 50, readAfterMs: 150 };

function buildContext(opts: EvolutionSimOptions, serverUrl: () => string): EvolutionContext {
  const faults = zeroFaults();
  mergeFaults(faults, opts.faults ?? {});
  const timers = new TimerBag();
  const webhooks = new EvolutionWebhooks(
    timers,
    serverUrl,
    () => faults.webhookDuplicateRate,
    opts.webhookBackoffScaleMs ?? 5000,
    opts.webhookTimeoutMs ?? 30_000,
  );
  return {
    adminKey: opts.apiKey ?? "sim-evolution-key",
    autoConnect: opts.autoConnect ?? true,
    instances: new InstanceDirectory<EvolutionInstance>((instance) => instance.token),
    faults,
    sendLog: new SendLog<EvolutionSimSend>(),
    presenceLog: new PresenceLog(),
    checkLog: new CheckLog(),
    inFlight: new InFlightTracker(),
    sendEvents: new EvolutionSendEvents(webhooks, timers, opts.receipts ?? DEFAULT_RECEIPTS, faults),
    webhooks,
    timers,
    held: new HeldResponses(),
  };
}

/** Starts an Evolution API v2 simulator (contract: evolution-contract.md) on a free port by default. */
export async function startEvolutionSim(opts: EvolutionSimOptions = {}): Promise<EvolutionSim> {
  let url = "";
  const ctx = buildContext(opts, () => url);
  const control = new EvolutionControl(ctx);
  const server = await serveSim(createEvolutionHandler(ctx, control), opts);
  url = server.url;
  const shutdown = () => {
    ctx.timers.stop();
    ctx.webhooks.stop();
    ctx.held.destroyAll();
    return server.close();
  };
  return {
    url,
    apiKey: ctx.adminKey,
    ...simApi(control, shutdown),
    logout: (name) => control.logout(name),
  };
}
