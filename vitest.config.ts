import { defineConfig } from "vitest/config";
import SlowestFirstSequencer from "./scripts/slowest-first-sequencer";

export default defineConfig({
  test: {
    include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two files at a time on a 2-core machine (the default is one fewer than the cores): most tests
    // wait on PostgreSQL, child processes and timers, and one at a time the suite took 897 s of CI's 15 minutes.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    globalSetup: ["apps/server/test/support/build-server-bundle.ts"],
  },
});
