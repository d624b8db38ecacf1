import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Through the package, as the server's bundle path: this module also runs inside those bundles.
const BENCH_PACKAGE = dirname(createRequire(import.meta.url).resolve("@whatlead/bench/package.json"));
const built = (name: string) => join(BENCH_PACKAGE, "dist", `${name}.js`);
const source = (path: string) => join(BENCH_PACKAGE, "src", path);

/** The bench's child processes, bundled (build-bundles.ts): every process under test runs on plain node. */
export const BUNDLES = {
  workerProcess: built("worker-process"),
  simProcess: built("sim-process"),
  reportUsage: built("report-usage"),
};

/** Their TypeScript entry points, by bundle name. */
export const BUNDLE_ENTRIES = {
  "worker-process": source("worker-process.ts"),
  "sim-process": source("sim/sim-process.ts"),
  "report-usage": source("harness/report-usage.ts"),
};

export const BUNDLE_DIR = join(BENCH_PACKAGE, "dist");
