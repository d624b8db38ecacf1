import { monotonicMs } from "../harness/monotonic-ms";
import { percentile } from "../harness/percentile";
import type { GatewayName } from "../scenarios";
import { openBenchSim } from "./open-bench-sim";
import { RECEIPTS_FLAG, type SimGaps, type SimRequest } from "./sim-protocol";

// A gateway's simulator (TurboZap's unless the first argument names another) in its own process, so
// its event loop never competes with the system under test's. The parent drives it over IPC (see
// sim-protocol.ts).

const { sim, credential, createInstance } = await openBenchSim(
  (process.argv[2] ?? "turbozap") as GatewayName,
  process.argv.includes(RECEIPTS_FLAG),
);
/** recipient digits (unique per intent in the benchmark) → when each request carrying it reached the gateway. */
const arrivals = new Map<string, number[]>();
let sends = 0;
/** Per instance: its last send's arrival and the shortest gap between two of its sends (W6's pacing). */
const lastArrival = new Map<string, number>();
const minGapMs: Record<string, number> = {};
const gapsMs: number[] = [];
let firstArrival: number | undefined;
let latestArrival: number | undefined;
const known = new Set<string>();

// Stamp each accepted send as it is recorded: the sim's own timestamp has millisecond resolution.
const push = sim.sends.push.bind(sim.sends);
sim.sends.push = (...entries) => {
  for (const entry of entries) {
    sends += 1;
    const key = entry.to.replace(/@.*/, "");
    const now = monotonicMs();
    const previous = lastArrival.get(entry.instance);
    if (previous !== undefined) {
      minGapMs[entry.instance] = Math.min(minGapMs[entry.instance] ?? Infinity, now - previous);
      gapsMs.push(now - previous);
    }
    firstArrival ??= now;
    latestArrival = now;
    lastArrival.set(entry.instance, now);
    const seen = arrivals.get(key);
    if (seen) seen.push(monotonicMs());
    else arrivals.set(key, [monotonicMs()]);
  }
  // The log itself is not needed and would only grow.
  return push();
};

function answer(request: SimRequest): unknown {
  switch (request.kind) {
    case "instances":
      // Created once for the life of the simulator; later runs reuse them.
      return (async () => {
        for (const name of request.names.filter((name) => !known.has(name))) {
          await createInstance(name);
          known.add(name);
        }
        return null;
      })();
    case "latency":
      sim.setFaults({ latencyMs: request.latencyMs });
      return null;
    case "reset":
      sim.clear();
      arrivals.clear();
      lastArrival.clear();
      for (const instance of Object.keys(minGapMs)) delete minGapMs[instance];
      gapsMs.length = 0;
      firstArrival = undefined;
      latestArrival = undefined;
      sends = 0;
      return null;
    case "stats": {
      let duplicates = 0;
      for (const times of arrivals.values()) duplicates += times.length - 1;
      return {
        sends,
        distinct: arrivals.size,
        duplicates,
        maxInFlightByInstance: sim.maxInFlightByInstance(),
        minGapMsByInstance: { ...minGapMs },
      };
    }
    case "gaps":
      return {
        p50Ms: percentile(gapsMs, 50),
        p90Ms: percentile(gapsMs, 90),
        p99Ms: percentile(gapsMs, 99),
        spanMs: (latestArrival ?? 0) - (firstArrival ?? 0),
        firstAt: firstArrival ?? Number.NaN,
      } satisfies SimGaps;
    case "arrivals":
      return Object.fromEntries([...arrivals].map(([key, times]) => [key, times[0]]));
  }
}

process.on("message", async (message: { id: number; request: SimRequest }) => {
  process.send?.({ id: message.id, result: await answer(message.request) });
});
process.on("disconnect", () => void sim.close().then(() => process.exit(0)));
process.send?.({ ready: { url: sim.url, apiKey: credential } });
