import { countQueries } from "./harness/query-counter";
import type { SystemName, WorkerSettings } from "./systems/bench-system";
import { loadSystem } from "./systems/index";

// One worker process of the system under test: connects and warms up, works from "go" until "stop",
// then reports its peak memory and how many queries it sent (or those of the process it drives).

type WorkerRequest = { kind: "go" } | { kind: "stop" };

const queries = countQueries();
const [name, settingsJson] = process.argv.slice(2) as [SystemName, string];
const settings = JSON.parse(settingsJson) as WorkerSettings;
const system = await loadSystem(name);
const worker = await system.openWorker(settings);

const usage =
  worker.usage ?? (async () => ({ queries: queries(), peakRssMb: process.resourceUsage().maxRSS / 1024 }));

async function answer(request: WorkerRequest): Promise<unknown> {
  if (request.kind === "go") {
    const before = await usage();
    await worker.go();
    return { queriesBefore: before.queries };
  }
  // Measured before stopping: the executor's process is gone once stopped.
  const totals = await usage();
  await worker.stop();
  return totals;
}

process.on("message", (message: { id: number; request: WorkerRequest }) => {
  answer(message.request).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: Error) => process.send?.({ id: message.id, error: error.stack ?? error.message }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
