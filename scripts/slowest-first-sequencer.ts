import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that wait longest (fault windows, quiet hours, rolling-minute caps, the browser), in
 * the order of their durations in a full CI run (network partitions 218 s … keys CLI 22 s). A fresh
 * clone has no timing cache, so vitest would start the largest files first, and the last two to
 * start here ran alone for about 90 s; starting the longest first keeps both workers busy to the end.
 */
const SLOWEST = [
  "faults/network-partitions",
  "e2e/quiet-hours",
  "browser/dashboard.browser",
  "faults/worker-kills",
  "faults/pacing",
  "faults/connection-holds",
  "bench/test/bench-harness",
  "faults/pgbouncer",
  "maintenance/timeline-partitions.postgres",
  "faults/database-outage",
  "faults/gateway-faults.test",
  "faults/gateway-faults-wuzapi",
  "cli/keys-cli",
  "faults/gateway-faults-evolution",
];

const rank = (file: TestSpecification) => {
  const index = SLOWEST.findIndex((part) => file.moduleId.includes(part));
  return index === -1 ? SLOWEST.length : index;
};

export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
