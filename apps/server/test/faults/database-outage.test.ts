import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import {
  account,
  expectSoundAccounting,
  outcomeFigures,
  readJobs,
  settle,
  timelineFigures,
} from "./support/accounting";
import { faultEnv } from "./support/fault-env";
import { createApprovedIntents, randomBetween, registerInstance, sleep } from "./support/load";
import { findPostgresBinaries, type PrivatePostgres, startPrivatePostgres } from "./support/private-postgres";

// Scenario 3: the workers' database sessions are cut (pg_terminate_backend) again and again under
// load, and PostgreSQL is restarted once. It runs on a private throwaway cluster: the machine's
// shared server is never touched.

const INTENTS = 800;
const CUTS = 8;
const DATABASE = "whatlead_faults";
const WORKER_APP = "whatlead-fault-worker";

const binaries = findPostgresBinaries();
if (!binaries) {
  process.stdout.write(
    "database-outage fault scenario skipped: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin\n",
  );
}

let cluster: PrivatePostgres;
let sim: TurboZapSim;
const processes: ExecutorProcess[] = [];

beforeAll(async () => {
  if (!binaries) return;
  cluster = await startPrivatePostgres(binaries);
  await cluster.createDatabase(DATABASE);
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 80, latencyJitterMs: 80 } });
}, 120_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await sim?.close();
  await cluster?.destroy();
});

async function start(applicationName: string, env: Record<string, string> = {}): Promise<ExecutorProcess> {
  const started = await startExecutorProcess({
    ...faultEnv(cluster.urlOf(DATABASE, applicationName), sim),
    WORKER_CONCURRENCY: "6",
    MAX_ATTEMPTS: "8",
    ...env,
  });
  processes.push(started);
  return started;
}

describe.skipIf(!binaries)("fault: the database goes away under load", () => {
  it("keeps every intent single-sent while sessions are cut and PostgreSQL restarts", async () => {
    const api = await start("whatlead-fault-api", { WORKER_ENABLED: "false" });
    const instances = [await registerInstance(api.url, "db-1"), await registerInstance(api.url, "db-2")];
    await createApprovedIntents(api.url, instances, INTENTS);
    const workers = [await start(`${WORKER_APP}-1`), await start(`${WORKER_APP}-2`)];

    let sessionsCut = 0;
    let restarts = 0;
    for (let cut = 0; cut < CUTS; cut++) {
      await sleep(randomBetween(300, 900));
      sessionsCut += await cluster.terminateSessions(DATABASE, WORKER_APP);
      if (cut === CUTS / 2) {
        await cluster.restart();
        restarts += 1;
      }
    }

    const databaseUrl = cluster.urlOf(DATABASE);
    const result = await settle(
      async () => account(await readJobs(databaseUrl), sim.sends),
      (a) => a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
      180_000,
    );
    const recovered = await timelineFigures(databaseUrl);
    printFigures({
      scenario: "database-outage",
      intents: INTENTS,
      workerProcesses: workers.length,
      cuts: CUTS,
      sessionsTerminated: sessionsCut,
      postgresRestarts: restarts,
      ...outcomeFigures(result, recovered),
    });

    expect(sessionsCut).toBeGreaterThan(0);
    expect(restarts).toBe(1);
    // The processes rode it out: none died.
    for (const p of [api, ...workers])
      expect(await Promise.race([p.exited, sleep(0).then(() => "alive")])).toBe("alive");
    expectSoundAccounting(result, INTENTS);
  }, 420_000);
});
