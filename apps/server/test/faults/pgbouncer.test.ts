import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { type PgBouncer, pgBouncerMissing, startPgBouncer } from "../support/pgbouncer";
import { account, expectSoundAccounting, readJobs, settle } from "./support/accounting";
import { faultEnv } from "./support/fault-env";
import { createApprovedIntents, registerInstance } from "./support/load";
import { runWorkerKills } from "./support/worker-kill-scenario";

// The executor behind our own PgBouncer in transaction mode, as managed PostgreSQL offerings put it:
// each transaction may run on another server connection, so nothing may rely on session state.

const missing = pgBouncerMissing();
if (missing) process.stdout.write(`skipping the PgBouncer suite: ${missing}\n`);

const databases: TestDatabase[] = [];
let sim: TurboZapSim;
let bouncer: PgBouncer;
const processes: ExecutorProcess[] = [];
const POOLED = { DATABASE_POOL_MODE: "transaction" };

beforeAll(async () => {
  if (missing) return;
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 60, latencyJitterMs: 120 } });
  // It serves every database of that server: each test makes its own.
  bouncer = await startPgBouncer(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await bouncer?.close();
  await sim?.close();
  await Promise.all(databases.map((database) => database.close()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ max: 1 });
  databases.push(database);
  sim.clear();
  return database;
}

describe.skipIf(missing !== null)("through PgBouncer in transaction mode", () => {
  it("migrates, takes intents over the API and sends each once, polling without DATABASE_DIRECT_URL", async () => {
    const database = await freshDatabase();
    const pooledUrl = bouncer.through(database.url);
    const start = async (env: Record<string, string>) => {
      const started = await startExecutorProcess({ ...faultEnv(pooledUrl, sim), ...POOLED, ...env });
      processes.push(started);
      return started;
    };
    const [api, ...workers] = await Promise.all([start({ WORKER_ENABLED: "false" }), start({}), start({})]);
    expect(workers[0]?.output()).toMatch(/polling every 100 ms/);
    const instance = await registerInstance(api.url, "bouncer-1");
    await createApprovedIntents(api.url, [instance], 50);

    const result = await settle(
      async () => account(await readJobs(database.url), sim.sends),
      (a) => (a.byStatus.SENT ?? 0) === 50,
      60_000,
    );
    // The next test's processes would add their connections to these.
    await Promise.all([api, ...workers].map((p) => p.stop(5_000)));

    expectSoundAccounting(result, 50);
    expect(result.byStatus.SENT).toBe(50);
    for (const p of [api, ...workers]) expect(p.output()).not.toMatch(/does not exist|already exists/);
  }, 120_000);

  it("never sends an intent twice while a worker is SIGKILLed and restarted, LISTEN on DATABASE_DIRECT_URL", async () => {
    const database = await freshDatabase();
    await runWorkerKills({
      name: "worker-kills-pgbouncer",
      executorUrl: bouncer.through(database.url),
      databaseUrl: database.url,
      sim,
      intentsPerKill: 100,
      kills: 6,
      env: { ...POOLED, DATABASE_DIRECT_URL: database.url },
      processes,
    });
  }, 420_000);
});
