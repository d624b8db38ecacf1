import { defineConfig } from "vitest/config";
import SlowestFirstSequencer from "./scripts/slowest-first-sequencer";

export default defineConfig({
  test: {
    include: ["apps/*/test/**/*.test.ts", "packages/*/test/**/*.test.ts", "bench/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Three files at a time on a 2-core machine: most tests wait on PostgreSQL, child processes and
    // timers (one at a time the suite took 897 s, two at a time 936 s of CI's 900 once it grew).
    // Three fit PostgreSQL's 100 connections: no file outside the fault suites was seen above 22
    // (sampled each second; intent-creation's 20 racing requests), each fault file keeps to 25.
    maxWorkers: 3,
    sequence: { sequencer: SlowestFirstSequencer },
    globalSetup: ["apps/server/test/support/build-server-bundle.ts"],
  },
});
