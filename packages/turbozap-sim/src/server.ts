import {
  CheckLog,
  HeldResponses,
  InFlightTracker,
  mergeFaults,
  PresenceLog,
  SendLog,
  type SimHttpServer,
  serveSim,
  simApi,
  TimerBag,
} from "@whatlead/sim-kit";
import type { SimContext } from "./context";
import { zeroFaults } from "./faults";
import { InstanceRegistry } from "./instance-registry";
import { createRequestHandler } from "./router";
import { SendEvents } from "./send-events";
import { SimControl } from "./sim-control";
import type { SimOptions, SimSend, TurboZapSim } from "./types";
import { WebhookDispatcher } from "./webhooks";

const DEFAULT_RECEIPTS = { deliveredAfterMs: 50, readAfterMs: 150 };

function buildContext(opts: SimOptions, timers: TimerBag, webhooks: WebhookDispatcher): SimContext {
  const faults = zeroFaults();
  mergeFaults(faults, opts.faults ?? {});
  return {
    adminKey: opts.apiKey ?? "sim-admin-key",
    registry: new InstanceRegistry(opts.autoConnect ?? true, (instance, event, data) =>
      webhooks.dispatch(instance, event, data),
    ),
    faults,
    sendLog: new SendLog<SimSend>(),
    presenceLog: new PresenceLog(),
    checkLog: new CheckLog(),
    inFlight: new InFlightTracker(),
    sendEvents: new SendEvents(webhooks, timers, opts.receipts ?? DEFAULT_RECEIPTS),
    timers,
    hanging: new HeldResponses(),
  };
}

function shutdown(server: SimHttpServer, ctx: SimContext, webhooks: WebhookDispatcher): Promise<void> {
  ctx.timers.stop();
  webhooks.stop();
  ctx.hanging.destroyAll();
  return server.close();
}

export async function startTurboZapSim(opts: SimOptions = {}): Promise<TurboZapSim> {
  const timers = new TimerBag();
  const webhooks = new WebhookDispatcher(timers, opts.webhookBackoffScaleMs ?? 1000);
  const ctx = buildContext(opts, timers, webhooks);
  const control = new SimControl(ctx, opts.autoConnect ?? true);
  const server = await serveSim(createRequestHandler(ctx, control), opts);

  return {
    url: server.url,
    apiKey: ctx.adminKey,
    ...simApi(control, () => shutdown(server, ctx, webhooks)),
  };
}
