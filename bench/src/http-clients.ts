import { TurboZapClient } from "../../apps/server/src/infra/providers/turbozap/turbozap-client";
import { recipient } from "./harness/bench-intents";
import { buildBundles } from "./harness/build-bundles";
import { monotonicMs } from "./harness/monotonic-ms";
import { startSim } from "./sim/start-sim";

// npm run bench:http: how many sends per second each HTTP client gets from the same simulator
// (its own process, latency 0), 50 in flight, so that the executor's client is a measured choice.

const REQUESTS = 20_000;
const CONCURRENCY = 50;
const INSTANCE = "http-bench";

type Send = (n: number) => Promise<void>;

/** Node's global fetch (undici underneath), keep-alive by default. */
function fetchSender(url: string, apiKey: string): Send {
  return async (n) => {
    const response = await fetch(`${url}/api/message/${INSTANCE}/text`, {
      method: "POST",
      headers: { "X-API-Key": apiKey, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ to: recipient(n), text: "bench" }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`fetch: HTTP ${response.status}`);
  };
}

/** The executor's TurboZap client: node:http with a keep-alive agent. */
function nodeHttpSender(url: string, apiKey: string): Send {
  const client = new TurboZapClient({ baseUrl: url, apiKey, timeoutMs: 30_000, maxSockets: CONCURRENCY });
  return async (n) => {
    const result = await client.sendText(INSTANCE, { to: recipient(n), text: "bench" });
    if (result.kind !== "response" || result.status !== 200)
      throw new Error(`node:http: ${JSON.stringify(result)}`);
  };
}

/** `REQUESTS` sends, `CONCURRENCY` at a time; sends per second. */
async function measure(send: Send): Promise<number> {
  let next = 0;
  const started = monotonicMs();
  const lane = async () => {
    while (next < REQUESTS) await send(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return (REQUESTS * 1000) / (monotonicMs() - started);
}

await buildBundles();
const sim = await startSim();
try {
  await sim.request({ kind: "instances", names: [INSTANCE] });
  await sim.request({ kind: "latency", latencyMs: 0 });
  const clients = { fetch: fetchSender, "node:http keep-alive": nodeHttpSender };
  for (const [client, sender] of Object.entries(clients)) {
    const send = sender(sim.url, sim.apiKey);
    await measure(send); // warm-up: connections, JIT
    await sim.request({ kind: "reset" });
    await sim.request({ kind: "instances", names: [INSTANCE] });
    const perSecond = await measure(send);
    process.stdout.write(
      `${JSON.stringify({ scenario: "http-client", client, requests: REQUESTS, concurrency: CONCURRENCY, perSecond: Math.round(perSecond) })}\n`,
    );
    process.stderr.write(`${client.padEnd(22)} ${Math.round(perSecond)} sends/s\n`);
  }
} finally {
  await sim.close();
}
