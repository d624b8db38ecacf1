import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimContext } from "./context";
import { mergeFaults, zeroFaults } from "./faults";
import { InFlightTracker } from "./in-flight";
import { InstanceRegistry } from "./instance-registry";
import { createRequestHandler } from "./router";
import { SendEvents } from "./send-events";
import { SendLog } from "./send-log";
import { SimControl } from "./sim-control";
import { TimerBag } from "./timer-bag";
import type { SimOptions, TurboZapSim } from "./types";
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
    sendLog: new SendLog(),
    inFlight: new InFlightTracker(),
    sendEvents: new SendEvents(webhooks, timers, opts.receipts ?? DEFAULT_RECEIPTS),
    timers,
    hanging: new Set(),
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function shutdown(server: Server, ctx: SimContext, webhooks: WebhookDispatcher): Promise<void> {
  ctx.timers.stop();
  webhooks.stop();
  for (const res of ctx.hanging) res.destroy();
  ctx.hanging.clear();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive and held sockets would otherwise keep close() waiting.
    server.closeAllConnections();
  });
}

export async function startTurboZapSim(opts: SimOptions = {}): Promise<TurboZapSim> {
  const timers = new TimerBag();
  const webhooks = new WebhookDispatcher(timers, opts.webhookBackoffScaleMs ?? 1000);
  const ctx = buildContext(opts, timers, webhooks);
  const control = new SimControl(ctx, opts.autoConnect ?? true);
  const server = createServer(
    { keepAlive: true, keepAliveTimeout: 65_000 },
    createRequestHandler(ctx, control),
  );
  // Clients in benchmarks hold many idle keep-alive sockets; the defaults would recycle them every 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  const address = await listen(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    apiKey: ctx.adminKey,
    sends: ctx.sendLog.sends,
    setFaults: (f) => void control.setFaults(f),
    resetFaults: () => control.resetFaults(),
    createInstance: (name, instanceOpts) => control.createInstance(name, instanceOpts),
    setConnected: (name, connected) => control.setConnected(name, connected),
    pair: (name) => control.pair(name),
    maxInFlightByInstance: () => control.maxInFlightByInstance(),
    inFlight: () => control.inFlight(),
    clear: () => control.clear(),
    close: () => {
      closing ??= shutdown(server, ctx, webhooks);
      return closing;
    },
  };
}
