import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { BenchLine } from "../src/report";

const run = promisify(execFile);
const benchDir = fileURLToPath(new URL("..", import.meta.url));

/** `ours/<scenario>` of a quick run sized by `intents`, in databases of its own; its JSON lines. */
async function oursRun(scenario: string, intents: number): Promise<BenchLine[]> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const { stdout } = await run(
    "npx",
    [
      "tsx",
      "src/cli.ts",
      "--quick",
      "--only",
      `ours/${scenario}`,
      "--intents",
      String(intents),
      "--database-url",
      databaseUrl,
      "--database-prefix",
      "bench_test",
    ],
    { cwd: benchDir, timeout: 120_000 },
  );
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as BenchLine);
}

// Keeps the harness from rotting: the smallest run it can make, end to end (simulator process,
// fresh database, worker process, JSON line). The benchmark itself is `npm run bench`, not a test.
describe("npm run bench", () => {
  it("runs floor/W0 on a few intents and reports every one sent once", async () => {
    const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const { stdout, stderr } = await run(
      "npx",
      [
        "tsx",
        "src/cli.ts",
        "--quick",
        "--only",
        "floor/W0",
        "--intents",
        "40",
        "--database-url",
        databaseUrl,
      ],
      { cwd: benchDir, timeout: 60_000 },
    );
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as BenchLine);

    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ system: "floor", scenario: "W0", quick: true });
    expect(line?.result).toMatchObject({ intents: 40, sent: 40, duplicates: 0, missing: 0 });
    expect(line?.result?.perSecond).toBeGreaterThan(0);
    expect(line?.environment.cores).toBeGreaterThan(0);
    expect(stderr).toContain("W0");
  }, 90_000);

  it("runs ours/intake: batches of 1,000 approved intents through the API with 1, 2 and 4 callers", async () => {
    const lines = await oursRun("intake", 2000);

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

  it("runs ours/W0-providers: W0 through TurboZap's, Evolution's and wuzapi's simulators, each sent once", async () => {
    const lines = await oursRun("W0-providers", 40);

    expect(lines.map((line) => line.variant)).toEqual(["turbozap", "evolution", "wuzapi"]);
    for (const line of lines)
      expect(line.result, line.variant).toMatchObject({ intents: 40, sent: 40, duplicates: 0, missing: 0 });
  }, 150_000);

  it("runs ours/receipts: every receipt of a few sent messages recorded once, duplicates dropped", async () => {
    const [line, ...others] = await oursRun("receipts", 50);
    expect(others).toEqual([]);
    expect(line?.receiptsResult).toMatchObject({ posts: 200, duplicates: 0, missing: 0 });
    expect(line?.receiptsResult?.perSecond).toBeGreaterThan(0);
    expect(line?.receiptsResult?.ignoredPerSecond).toBeGreaterThan(0);
    expect(line?.receiptsResult?.cpuMsPerPost).toBeGreaterThan(0);
  }, 150_000);

  it("runs ours/W7: intake through the API to every message's read, receipts posted back by the simulator", async () => {
    const [line, ...others] = await oursRun("W7", 100);
    expect(others).toEqual([]);
    expect(line?.mixResult).toMatchObject({ intents: 100, duplicates: 0, missing: 0, unread: 0 });
    // unread 0: every read is on its intent and reached the outbound endpoint; sends and deliveries may still be on their way.
    expect(line?.mixResult?.outboundDeliveries).toBeGreaterThanOrEqual(100);
    expect(line?.mixResult?.readP50Ms).toBeGreaterThan(0);
  }, 150_000);
});
