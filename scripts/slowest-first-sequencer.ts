import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that wait longest (fault windows, the browser, the bench's runs, rolling-minute caps),
 * longest first: the fault suites in the order of a full CI run (network partitions 218 s first),
 * the others placed by their cuts, measured file by file on a loaded machine (quiet hours 126 →
 * 28 s, windows to the second; the browser's tests 168 → 111 s, a drain of 250 messages; the bench
 * harness two bench runs instead of five; keys CLI 53 → 26 s at load 14, no npx). A fresh clone
 * has no timing cache, so vitest would start the largest files first, and the last two to start
 * ran alone for about 90 s; starting the longest first keeps every worker busy to the end.
 */
const SLOWEST = [
  "faults/network-partitions",
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
  "e2e/quiet-hours",
  "e2e/providers.postgres",
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
