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
import { createApprovedIntents, registerInstance, sleep } from "./support/load";

// Three worker "hosts", each in its own network namespace, reach PostgreSQL and the gateway only
// over a veth link, through one relay per service in the root namespace: the test's switch for
// that host's link. The API runs in the root namespace and loads the intents.

const unavailable = await namespacesUnavailable();
if (unavailable) process.stdout.write(`skipping the network-partition suite: ${unavailable}\n`);

const SERVER = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const HOSTS = 3;
// Longer than WORKER_LEASE_MS (3 s in faultEnv): the other hosts' rescuers take the cut host's claims.
const CUT_MS = 8_000;

interface Host {
  namespace: NamespaceHost;
  database: TcpRelay;
  gateway: TcpRelay;
}

let sim: TurboZapSim;
let hosts: Host[] = [];
let namespaces: NamespaceHost[] = [];
const processes: ExecutorProcess[] = [];
const databases: TestDatabase[] = [];

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
}, 60_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await Promise.all(hosts.flatMap((host) => [host.database.close(), host.gateway.close()]));
  await Promise.all(namespaces.map((namespace) => namespace.close()));
  await sim?.close();
  await Promise.all(databases.map((database) => database.close()));
});

/** The URL as `host` reaches it: through its relay on its veth link. */
function throughHost(url: string, host: Host, relay: TcpRelay): string {
  const through = new URL(url);
  through.hostname = host.namespace.gateway;
  through.port = String(relay.port);
  return through.toString();
}

/**
 * One scenario on a fresh database: a worker starts on each host, the API (root namespace) loads
 * `intents` while `fault` runs (with `load` to add more), every link is opened again, and the
 * accounting must hold.
 */
interface Scene {
  /** Approves `count` more intents. */
  load(count: number): Promise<void>;
  databaseUrl: string;
  /** The worker process of each host, in host order. */
  workers: ExecutorProcess[];
}

async function partitionScenario(
  name: string,
  intents: number,
  fault: (scene: Scene) => Promise<Record<string, unknown>>,
): Promise<Record<string, number>> {
  const database = await createTestDatabase({ max: 2 });
  databases.push(database);
  sim.clear();
  const api = await startExecutorProcess({ ...faultEnv(database.url, sim), WORKER_ENABLED: "false" });
  processes.push(api);
  const instances = [
    await registerInstance(api.url, `${name}-1`),
    await registerInstance(api.url, `${name}-2`),
  ];
  let loaded = 0;
  const load = async (count: number) => {
    const first = loaded;
    loaded += count;
    await createApprovedIntents(api.url, instances, count, 4, first);
  };
  const workers: ExecutorProcess[] = [];
  for (const host of hosts) {
    const env = {
      ...faultEnv(throughHost(database.url, host, host.database), sim),
      TURBOZAP_BASE_URL: throughHost(sim.url, host, host.gateway),
    };
    workers.push(await startExecutorProcess(env, { netns: host.namespace.name }));
  }
  // Intents keep arriving while the fault lands, so that every host has sends in flight.
  const loading = load(intents);
  const injected = await fault({ load, databaseUrl: database.url, workers });
  await loading;
  for (const host of hosts) for (const relay of [host.database, host.gateway]) relay.set("open");

  const result = await settle(
    async () => account(await readJobs(database.url), sim.sends),
    (a) => a.jobs.length === loaded && a.runnable === 0 && (a.byStatus.PROCESSING ?? 0) === 0,
    180_000,
  );
  processes.push(...workers);
  const recovered = await timelineFigures(database.url);
  const sentBy = await sentByWorker(database.url);
  printFigures({
    scenario: `partition-${name}`,
    intents: loaded,
    workerHosts: HOSTS,
    sentByHost: workers.map((worker) => sentBy.get(worker.pid) ?? 0),
    ...injected,
    ...outcomeFigures(result, recovered),
  });
  expectSoundAccounting(result, loaded);
  return recovered;
}

/** MessageSent rows by the pid in the worker's id (`host:pid:suffix`). */
async function sentByWorker(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; count: number }>(`
      select split_part(actor, ':', 3)::int as pid, count(*)::int as count
      from timeline_event where type = 'MessageSent' group by 1`);
    return new Map(rows.map((row) => [row.pid, row.count]));
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
    const recovered = await partitionScenario("db-cut", 800, async ({ databaseUrl, workers }) => {
      await claimsHeldBy(databaseUrl, workers[0] as ExecutorProcess);
      await holdFor([cut.database], "cut", CUT_MS, 0);
      return { cutMs: CUT_MS, cutFrom: "postgres" };
    });
    // The other hosts' rescuers took over what the cut host held; nothing it wrote afterwards undid that.
    expect(
      (recovered["MessageUnconfirmed:LEASE_EXPIRED"] ?? 0) + (recovered["MessageFailed:LEASE_EXPIRED"] ?? 0),
    ).toBeGreaterThan(0);
  }, 300_000);

  it("(b) a host cut from the gateway only", async () => {
    const cut = hosts[1] as Host;
    await partitionScenario("gateway-cut", 800, async () => {
      await holdFor([cut.gateway], "cut", CUT_MS);
      return { cutMs: CUT_MS, cutFrom: "gateway" };
    });
  }, 300_000);

  it("(c) a host whose requests reach the gateway but whose answers are dropped", async () => {
    const oneWay = hosts[2] as Host;
    await partitionScenario("answers-dropped", 800, async () => {
      await holdFor([oneWay.gateway], "drop-answers", CUT_MS);
      return { droppedMs: CUT_MS, oneWay: "gateway answers" };
    });
  }, 300_000);

  it("(d) a host whose links flap down and up every few seconds for half a minute", async () => {
    const flapping = hosts[0] as Host;
    await partitionScenario("flapping", 200, async ({ load }) => {
      let flaps = 0;
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        // Keep work coming so that every flap lands on sends in flight.
        const more = load(40);
        await holdFor([flapping.database, flapping.gateway], "cut", 1_000 + Math.random() * 3_000);
        await more;
        flaps += 1;
      }
      return { flaps, flapSeconds: 30 };
    });
  }, 420_000);
});
