import { type SimSend, startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import { settle } from "./support/accounting";
import { faultAuth, faultEnv } from "./support/fault-env";
import { createApprovedIntents, registerInstance } from "./support/load";

// Pacing is enforced by the database across processes: three worker processes (two without a
// per-instance limit, one with the default of 1, so both claim paths race) share ten paced numbers,
// and the gateway's own record of when each send arrived is checked against the rules.

const NUMBERS = 10;
const PER_NUMBER = 25;
const MIN_INTERVAL_MS = 100;
const JITTER_MS = 200;
const MAX_PER_MINUTE = 20;

let database: TestDatabase | undefined;
let sim: TurboZapSim | undefined;
let processes: ExecutorProcess[] = [];

afterEach(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await database?.close();
  processes = [];
});

async function start(env: Record<string, string>): Promise<ExecutorProcess> {
  if (!database || !sim) throw new Error("not set up");
  const started = await startExecutorProcess({
    ...faultEnv(database.url, sim),
    WORKER_POLL_INTERVAL_MS: "20",
    ...env,
  });
  processes.push(started);
  return started;
}

async function setPacing(apiUrl: string, instanceId: string, body: unknown): Promise<void> {
  const res = await fetch(`${apiUrl}/v1/instances/${instanceId}`, {
    method: "PATCH",
    headers: { ...faultAuth(), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
}

async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database?.url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

function byInstance(sends: readonly SimSend[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const send of sends)
    times.set(send.instance, [...(times.get(send.instance) ?? []), send.acceptedAt.getTime()]);
  for (const list of times.values()) list.sort((a, b) => a - b);
  return times;
}

/** The most sends any rolling window of `windowMs` holds, ending at each send. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let busiest = 0;
  for (const [i, end] of times.entries())
    busiest = Math.max(busiest, times.slice(0, i + 1).filter((t) => t > end - windowMs).length);
  return busiest;
}

describe("pacing across worker processes, as the gateway saw it", () => {
  it("keeps every number's gaps, caps its rolling minute, and spreads the jitter over its range", async () => {
    database = await createTestDatabase({ max: 1 });
    sim = await startTurboZapSim({ receipts: false });
    // The run is the rolling minute the cap makes each number wait, and what comes before it:
    // the processes start together and the intents arrive in one batch per number.
    const [api] = await Promise.all([
      start({ PER_INSTANCE_CONCURRENCY: "0" }),
      start({ PER_INSTANCE_CONCURRENCY: "0" }),
      start({ PER_INSTANCE_CONCURRENCY: "1" }),
    ]);
    const names = Array.from({ length: NUMBERS }, (_, i) => `paced-${i}`);
    const ids = await Promise.all(names.map((name) => registerInstance(api.url, name)));
    const pacing = { minIntervalMs: MIN_INTERVAL_MS, jitterMs: JITTER_MS, maxPerMinute: MAX_PER_MINUTE };
    await Promise.all(ids.map((id) => setPacing(api.url, id, { pacing })));

    await createApprovedIntents(api.url, ids, NUMBERS * PER_NUMBER);
    // Each number sends its first 20 within seconds, then waits for its first send to leave the minute.
    await settle(
      () => query<{ n: string }>("select count(*) as n from message_execution_job where status = 'SENT'"),
      (rows) => Number(rows[0]?.n) === NUMBERS * PER_NUMBER,
      150_000,
    );

    const sends = byInstance(sim.sends);
    const gaps = [...sends.values()].flatMap((times) => times.slice(1).map((t, i) => t - (times[i] ?? 0)));
    const draws = (await query<{ gap: number }>("select pace_gap_ms as gap from message_execution_job")).map(
      (r) => r.gap,
    );
    const quarter = (q: number) =>
      draws.filter(
        (d) => d >= MIN_INTERVAL_MS + (q * JITTER_MS) / 4 && d < MIN_INTERVAL_MS + ((q + 1) * JITTER_MS) / 4,
      ).length;
    printFigures({
      scenario: "pacing-3-processes",
      sends: sim.sends.length,
      smallestGapMs: Math.min(...gaps),
      busiestMinute: Math.max(...[...sends.values()].map((t) => busiestWindow(t, 60_000))),
      drawnGapQuarters: [0, 1, 2, 3].map(quarter),
    });

    expect(sim.sends).toHaveLength(NUMBERS * PER_NUMBER);
    expect(new Set(sends.keys())).toEqual(new Set(names));
    for (const times of sends.values()) {
      expect(times).toHaveLength(PER_NUMBER);
      for (const [i, t] of times.slice(1).entries())
        expect(t - (times[i] ?? 0)).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
      expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(MAX_PER_MINUTE);
      // The cap binds: the 21st send waited for the first to leave the minute.
      expect((times[MAX_PER_MINUTE] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    }
    // Every drawn gap lies in [min, min + jitter], and each quarter of the range got its share.
    expect(draws).toHaveLength(NUMBERS * PER_NUMBER);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
    expect(Math.max(...draws)).toBeLessThanOrEqual(MIN_INTERVAL_MS + JITTER_MS);
    for (const q of [0, 1, 2, 3]) expect(quarter(q)).toBeGreaterThan(draws.length / 10);
  }, 240_000);
});
