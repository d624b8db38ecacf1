import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that wait longest (the browser, the rolling-minute cap, fault windows, the bench's
 * runs), longest first, by their times alone after session 6's cuts: the browser about 115 s (its
 * build and Chromium included), the pacing fault 70 s (its cap's minute), network partitions and
 * worker kills 40 s (190 and 88 s before), then 20–35 s each. A fresh clone has no timing cache, so
 * vitest would start the largest files first, and the last two to start ran alone for about 90 s;
 * starting the longest first keeps every worker busy to the end.
 */
const SLOWEST = [
  "browser/dashboard.browser",
  "faults/pacing",
  "faults/network-partitions",
  "faults/worker-kills",
  "bench/test/bench-harness",
  "maintenance/timeline-partitions.postgres",
  "faults/connection-holds",
  "faults/pgbouncer",
  "e2e/quiet-hours",
  "e2e/providers.postgres",
  "cli/keys-cli",
  "faults/database-outage",
  "faults/gateway-faults-wuzapi",
  "faults/gateway-faults.test",
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
