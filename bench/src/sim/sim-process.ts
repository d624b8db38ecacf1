import { startTurboZapSim } from "@whatlead/turbozap-sim";
import { monotonicMs } from "../harness/monotonic-ms";
import type { SimRequest } from "./sim-protocol";

// The gateway simulator in its own process, so its event loop never competes with the system
// under test's. The parent drives it over IPC (see sim-protocol.ts).

const sim = await startTurboZapSim({ receipts: false });
/** recipient digits (unique per intent in the benchmark) → when each request carrying it reached the gateway. */
const arrivals = new Map<string, number[]>();
let sends = 0;
const known = new Set<string>();

// Stamp each accepted send as it is recorded: the sim's own timestamp has millisecond resolution.
const push = sim.sends.push.bind(sim.sends);
sim.sends.push = (...entries) => {
  for (const entry of entries) {
    sends += 1;
    const key = entry.to.replace(/@.*/, "");
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
      for (const name of request.names) if (!known.has(name)) known.add(sim.createInstance(name).name);
      return null;
    case "latency":
      sim.setFaults({ latencyMs: request.latencyMs });
      return null;
    case "reset":
      sim.clear();
      arrivals.clear();
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
      };
    }
    case "arrivals":
      return Object.fromEntries([...arrivals].map(([key, times]) => [key, times[0]]));
  }
}

process.on("message", (message: { id: number; request: SimRequest }) => {
  process.send?.({ id: message.id, result: answer(message.request) });
});
process.on("disconnect", () => void sim.close().then(() => process.exit(0)));
process.send?.({ ready: { url: sim.url, apiKey: sim.apiKey } });
