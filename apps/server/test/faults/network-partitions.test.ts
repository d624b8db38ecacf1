import { startTurboZapSim, type TurboZapSim } from "@whatlead/turbozap-sim";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { type ExecutorProcess, startExecutorProcess } from "../support/executor-process";
import { printFigures } from "../support/fault-figures";
import {
  createNamespaceHosts,
  type NamespaceHost,
  namespacesUnavailable,
} from "../support/network-namespace";
import { type LinkState, startTcpRelay, type TcpRelay } from "../support/tcp-relay";
import {
  account,
  expectSoundAccounting,
  outcomeFigures,
  readJobs,
  settle,
  timelineFigures,
} from "./support/accounting";
import { faultEnv } from "./support/fault-env";
import { createApprovedIntents, phoneOf, registerInstance, sleep } from "./support/load";

// Three worker "hosts", each in its own network namespace, reach PostgreSQL and the gateway only
// over a veth link, through one relay per service in the root namespace: the test's switch for
// that host's link. The API runs in the root namespace and loads the intents.

const unavailable = await namespacesUnavailable();
if (unavailable) process.stdout.write(`skipping the network-partition suite: ${unavailable}\n`);

const SERVER = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const HOSTS = 3;
// The workers' lease, a third of faultEnv's 3 s (heartbeats and recovery every quarter of it): every
// cut below is measured against it, so a shorter lease shortens each cut and the recovery after it.
const LEASE_MS = 1_000;
// Three times the lease (8 s against 3 s before): the other hosts' rescuers take the cut host's
// claims; longer than the 2 s gateway client timeout, so requests time out while cut.
const CUT_MS = 3_000;
// Intents arrive throughout each fault, this many per instance every ARRIVAL_MS: about the three
// hosts' throughput (12 sends in flight at 60-180 ms each), so that every host has sends in flight.
const ARRIVING_PER_INSTANCE = 5;
const ARRIVAL_MS = 100;
// About ten flaps, as 30 s of the 1-4 s cuts made.
const FLAPPING_MS = 15_000;

interface Host {
  namespace: NamespaceHost;
  database: TcpRelay;
  gateway: TcpRelay;
}

let sim: TurboZapSim;
let hosts: Host[] = [];
let namespaces: NamespaceHost[] = [];
let database: TestDatabase | undefined;
/** The API process (root namespace), then the worker process of each host, in host order. */
let processes: ExecutorProcess[] = [];
/** The next scenario's first intent: each scenario numbers its own, so each has its own phones. */
let nextIntent = 0;

beforeAll(async () => {
  if (unavailable) return;
  sim = await startTurboZapSim({ receipts: false, faults: { latencyMs: 60, latencyJitterMs: 120 } });
  namespaces = await createNamespaceHosts(HOSTS);
  hosts = await Promise.all(
    namespaces.map(async (namespace) => ({
      namespace,
      database: await startTcpRelay(namespace.gateway, {
        host: SERVER.hostname,
        port: Number(SERVER.port || 5432),
      }),
      gateway: await startTcpRelay(namespace.gateway, {
        host: "127.0.0.1",
        port: Number(new URL(sim.url).port),
      }),
    })),
  );
  // One database and one set of processes for the four scenarios, each on instances of its own:
  // starting three workers in namespaces took 5-11 s of each scenario on a busy 2-core machine,
  // and their faults leave nothing behind that the next scenario's accounting would see.
  database = await createTestDatabase({ max: 1 });
  const url = database.url;
  processes = await Promise.all([
    startExecutorProcess({ ...faultEnv(url, sim), WORKER_ENABLED: "false" }),
    ...hosts.map((host) =>
      startExecutorProcess(
        {
          ...faultEnv(throughHost(url, host, host.database), sim),
          TURBOZAP_BASE_URL: throughHost(sim.url, host, host.gateway),
          WORKER_LEASE_MS: String(LEASE_MS),
          WORKER_HEARTBEAT_INTERVAL_MS: String(LEASE_MS / 4),
          WORKER_RECOVERY_INTERVAL_MS: String(LEASE_MS / 4),
        },
        { netns: host.namespace.name },
      ),
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await Promise.all(hosts.flatMap((host) => [host.database.close(), host.gateway.close()]));
  await Promise.all(namespaces.map((namespace) => namespace.close()));
  await sim?.close();
  await database?.close();
});

/** The URL as `host` reaches it: through its relay on its veth link. */
function throughHost(url: string, host: Host, relay: TcpRelay): string {
  const through = new URL(url);
  through.hostname = host.namespace.gateway;
  through.port = String(relay.port);
  return through.toString();
}

/**
 * One scenario on instances of its own: the API (root namespace) keeps approving intents for as
 * long as `fault` runs, every link is opened again, and the accounting of the scenario's intents
 * (its own phones) must hold. Its figures are what the timeline gained meanwhile.
 */
async function partitionScenario(
  name: string,
  fault: (databaseUrl: string) => Promise<Record<string, unknown>>,
): Promise<Record<string, number>> {
  const databaseUrl = (database as TestDatabase).url;
  const [api, ...workers] = processes as [ExecutorProcess, ...ExecutorProcess[]];
  const instances = [
    await registerInstance(api.url, `${name}-1`),
    await registerInstance(api.url, `${name}-2`),
  ];
  const [timelineBefore, sentBefore] = [await timelineFigures(databaseUrl), await sentByWorker(databaseUrl)];
  const first = nextIntent;
  let faulting = true;
  const arriving = (async () => {
    while (faulting) {
      const count = ARRIVING_PER_INSTANCE * instances.length;
      await createApprovedIntents(api.url, instances, count, nextIntent);
      nextIntent += count;
      await sleep(ARRIVAL_MS);
    }
  })();
  const injected = await fault(databaseUrl).finally(() => {
    faulting = false;
  });
  await arriving;
  for (const host of hosts) for (const relay of [host.database, host.gateway]) relay.set("open");

  const loaded = nextIntent - first;
  const phones = new Set(Array.from({ length: loaded }, (_, i) => phoneOf(first + i)));
  const result = await settle(
    async () =>
      account(
        (await readJobs(databaseUrl)).filter((job) => phones.has(job.phone)),
        sim.sends.filter((send) => phones.has(send.to.replace(/@.*$/, ""))),
      ),
    (a) => a.jobs.length === loaded && a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
    180_000,
  );
  const recovered = gained(await timelineFigures(databaseUrl), timelineBefore);
  const sentBy = gained(await sentByWorker(databaseUrl), sentBefore);
  printFigures({
    scenario: `partition-${name}`,
    intents: loaded,
    workerHosts: HOSTS,
    leaseMs: LEASE_MS,
    sentByHost: workers.map((worker) => sentBy[worker.pid] ?? 0),
    ...injected,
    ...outcomeFigures(result, recovered),
  });
  expectSoundAccounting(result, loaded);
  return recovered;
}

/** What each count grew by since `before`. */
function gained(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, count]) => [key, count - (before[key] ?? 0)]));
}

/** MessageSent rows by the pid in the worker's id (`host:pid:suffix`). */
async function sentByWorker(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; count: number }>(`
      select split_part(actor, ':', 3)::int as pid, count(*)::int as count
      from timeline_event where type = 'MessageSent' group by 1`);
    return Object.fromEntries(rows.map((row) => [row.pid, row.count]));
  } finally {
    await client.end();
  }
}

/** Waits until `worker` holds claims, so that a cut lands on sends in flight. */
async function claimsHeldBy(databaseUrl: string, worker: ExecutorProcess): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from message_execution_job where status = 'PROCESSING' and split_part(locked_by, ':', 2)::int = $1",
        [worker.pid],
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await sleep(10);
    }
  } finally {
    await client.end();
  }
}

async function holdFor(relays: TcpRelay[], state: LinkState, ms: number, afterMs = 700): Promise<void> {
  await sleep(afterMs);
  for (const relay of relays) relay.set(state);
  await sleep(ms);
  for (const relay of relays) relay.set("open");
}

describe.skipIf(unavailable !== null)("fault: worker hosts that lose the network", () => {
  it("(a) a host cut from PostgreSQL with sends in flight, longer than the lease: its late outcomes are fenced out", async () => {
    const cut = hosts[0] as Host;
    const recovered = await partitionScenario("db-cut", async (databaseUrl) => {
      await claimsHeldBy(databaseUrl, processes[1] as ExecutorProcess);
      await holdFor([cut.database], "cut", CUT_MS, 0);
      return { cutMs: CUT_MS, cutFrom: "postgres" };
    });
    // The other hosts' rescuers took over what the cut host held; nothing it wrote afterwards undid that.
    expect(
      (recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0) + (recovered["MessageFailed:LEASE_EXPIRED"] ?? 0),
    ).toBeGreaterThan(0);
  }, 120_000);

  it("(b) a host cut from the gateway only", async () => {
    const cut = hosts[1] as Host;
    await partitionScenario("gateway-cut", async () => {
      await holdFor([cut.gateway], "cut", CUT_MS);
      return { cutMs: CUT_MS, cutFrom: "gateway" };
    });
  }, 120_000);

  it("(c) a host whose requests reach the gateway but whose answers are dropped", async () => {
    const oneWay = hosts[2] as Host;
    await partitionScenario("answers-dropped", async () => {
      await holdFor([oneWay.gateway], "drop-answers", CUT_MS);
      return { droppedMs: CUT_MS, oneWay: "gateway answers" };
    });
  }, 120_000);

  it("(d) a host whose links flap down and up, some cuts shorter than the lease and some longer", async () => {
    const flapping = hosts[0] as Host;
    await partitionScenario("flapping", async () => {
      let flaps = 0;
      const until = Date.now() + FLAPPING_MS;
      while (Date.now() < until) {
        // Down for a third of the lease to four thirds of it, as 1-4 s were against 3 s, then up 0.7 s.
        await holdFor([flapping.database, flapping.gateway], "cut", (LEASE_MS * (1 + Math.random() * 3)) / 3);
        flaps += 1;
      }
      return { flaps, flapSeconds: FLAPPING_MS / 1_000 };
    });
  }, 180_000);
});
