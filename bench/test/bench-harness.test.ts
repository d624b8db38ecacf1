import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { BenchLine } from "../src/report";

const run = promisify(execFile);
const benchDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * `npm run bench -- --quick --only <only> --intents <intents>` in databases of its own (never those
 * of a benchmark running beside the suite): its JSON lines, and the progress it printed.
 */
async function benchRun(only: string, intents: number): Promise<{ lines: BenchLine[]; stderr: string }> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const { stdout, stderr } = await run(
    "npx",
    [
      "tsx",
      "src/cli.ts",
      "--quick",
      "--only",
      only,
      "--intents",
      String(intents),
      "--database-url",
      databaseUrl,
      "--database-prefix",
      "bench_test",
    ],
    { cwd: benchDir, timeout: 150_000 },
  );
  const lines = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as BenchLine);
  return { lines, stderr };
}

// Keeps the harness from rotting: the smallest runs it can make, end to end (simulator process,
// fresh database, worker process, JSON line). The benchmark itself is `npm run bench`, not a test.
// Every run builds the bundles and starts a simulator first, so the small scenarios share one run
// (one run per scenario, five in all, took 62 s of the suite).
describe("npm run bench", () => {
  let small: { lines: BenchLine[]; stderr: string };
  const linesOf = (scenario: string) => small.lines.filter((line) => line.scenario === scenario);

  beforeAll(async () => {
    small = await benchRun("floor/W0,ours/W0-providers,ours/receipts,ours/W7", 40);
  }, 180_000);

  it("runs floor/W0 on a few intents and reports every one sent once", () => {
    const lines = linesOf("W0");
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ system: "floor", scenario: "W0", quick: true });
    expect(line?.result).toMatchObject({ intents: 40, sent: 40, duplicates: 0, missing: 0 });
    expect(line?.result?.perSecond).toBeGreaterThan(0);
    expect(line?.environment.cores).toBeGreaterThan(0);
    expect(small.stderr).toContain("floor W0");
  });

  it("runs ours/intake: batches of 1,000 approved intents through the API with 1, 2 and 4 callers", async () => {
    const { lines } = await benchRun("ours/intake", 2000);

    expect(lines.map((line) => [line.scenario, line.variant])).toEqual([
      ["intake", "1c"],
      ["intake", "2c"],
      ["intake", "4c"],
    ]);
    for (const line of lines) {
      expect(line.intakeResult).toMatchObject({ intents: 2_000 });
      expect(line.intakeResult?.perSecond).toBeGreaterThan(0);
    }
  }, 150_000);

  it("runs ours/W0-providers: W0 through TurboZap's, Evolution's and wuzapi's simulators, each sent once", () => {
    const lines = linesOf("W0-providers");
    expect(lines.map((line) => line.variant)).toEqual(["turbozap", "evolution", "wuzapi"]);
    for (const line of lines)
      expect(line.result, line.variant).toMatchObject({ intents: 40, sent: 40, duplicates: 0, missing: 0 });
  });

  it("runs ours/receipts: every receipt of a few sent messages recorded once, duplicates dropped", () => {
    const [line, ...others] = linesOf("receipts");
    expect(others).toEqual([]);
    // Delivered and read, each posted twice: 4 posts per message.
    expect(line?.receiptsResult).toMatchObject({ posts: 160, duplicates: 0, missing: 0 });
    expect(line?.receiptsResult?.perSecond).toBeGreaterThan(0);
    expect(line?.receiptsResult?.ignoredPerSecond).toBeGreaterThan(0);
    expect(line?.receiptsResult?.cpuMsPerPost).toBeGreaterThan(0);
  });

  it("runs ours/W7: intake through the API to every message's read, receipts posted back by the simulator", () => {
    const [line, ...others] = linesOf("W7");
    expect(others).toEqual([]);
    expect(line?.mixResult).toMatchObject({ intents: 40, duplicates: 0, missing: 0, unread: 0 });
    // unread 0: every read is on its intent and reached the outbound endpoint; sends and deliveries may still be on their way.
    expect(line?.mixResult?.outboundDeliveries).toBeGreaterThanOrEqual(40);
    expect(line?.mixResult?.readP50Ms).toBeGreaterThan(0);
  });
});
