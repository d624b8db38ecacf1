import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { startReceiver } from "../../../packages/sim-kit/src/webhook-receiver";
import { startSim } from "../sim/start-sim";
import { ExecutorProcess, GATEWAY_WEBHOOK_SECRET } from "../systems/executor-process";
import { ensureInstances } from "../systems/executor-tables";
import type { BenchContext } from "./bench-context";
import { approvedBatch, instanceNames } from "./bench-intents";
import { freshExecutorDatabase } from "./fresh-database";
import { openLiveStreams } from "./live-streams";
import { monotonicMs } from "./monotonic-ms";
import { percentile } from "./percentile";
import { postJson } from "./post-json";

export interface MixRun {
  intents: number;
  /** API clients posting batches at once, each one call after the other. */
  callers: number;
  /** Intents per `POST /v1/intents:batch`, each call approved on the next instance in turn. */
  batchSize: number;
  instances: number;
  concurrency: number;
  liveStreams: number;
}

export interface MixResult {
  intents: number;
  /** From the first intake call to the last message's read recorded (and delivered to the outbound webhook). */
  seconds: number;
  perSecond: number;
  /** Approval (the batch's commit) → SENT, per message, in ms. */
  p50Ms: number;
  p99Ms: number;
  /** SENT → the read receipt recorded on the intent, per message, in ms. */
  readP50Ms: number;
  readP99Ms: number;
  /** Outbound webhook deliveries the local endpoint received. */
  outboundDeliveries: number;
  /** Sends beyond one per message, and messages never sent, at the simulator. */
  duplicates: number;
  missing: number;
  /** Messages whose read never reached the intent or the outbound endpoint. */
  unread: number;
  queriesPerMessage: number;
  peakRssMb: number;
}

const POLL_MS = 50;
/** What the outbound endpoint subscribes to: each message's three steps after its approval. */
const OUTBOUND_EVENTS = ["MessageSent", "MessageDelivered", "MessageRead"];

/**
 * W7, a message's whole life in one process: `callers` clients post batches of approved intents
 * through the API while the worker sends them to a simulator that posts `send.message`, then
 * `delivered` and `read` (each twice, concurrently, in no set order) back to the executor's webhook;
 * live streams stay open and one outbound webhook endpoint receives every send, delivery and read.
 * Timed from the first intake call until every message's read is on its intent and at the endpoint.
 */
export async function runMix(ctx: BenchContext, run: MixRun, tag: string): Promise<MixResult> {
  const database = await freshExecutorDatabase(ctx, tag);
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const names = instanceNames(run.instances);
  await ensureInstances(pool, names);
  const sim = await startSim("turbozap", { receipts: true });
  const receiver = await startReceiver();
  const executor = await ExecutorProcess.start({
    DATABASE_URL: database.url,
    TURBOZAP_BASE_URL: sim.url,
    TURBOZAP_API_KEY: sim.apiKey,
    TURBOZAP_WEBHOOK_SECRET: GATEWAY_WEBHOOK_SECRET,
    WORKER_CONCURRENCY: String(run.concurrency),
    PER_INSTANCE_CONCURRENCY: "0",
    // The outbound endpoint is this machine's.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    LOG_LEVEL: "warn",
  });
  try {
    await sim.request({ kind: "instances", names });
    await Promise.all(names.map((name) => pointGatewayAt(sim, name, `${executor.url}/v1/webhooks/turbozap`)));
    await postJson(`${executor.url}/v1/webhooks`, { url: receiver.url, events: OUTBOUND_EVENTS });
    const { rows } = await pool.query<{ id: string }>("select id from instance order by name");
    const streams = await openLiveStreams(executor.url, run.liveStreams);
    const calls = Math.ceil(run.intents / run.batchSize);
    const before = await executor.usage();
    let next = 0;
    const caller = async () => {
      for (let call = next++; call < calls; call = next++) {
        await postJson(
          `${executor.url}/v1/intents:batch`,
          approvedBatch(rows[call % rows.length]?.id, call * run.batchSize + 1, run.batchSize),
        );
      }
    };
    const intents = calls * run.batchSize;
    const readAtEndpoint = () =>
      new Set(
        receiver.received
          .filter((hook) => hook.headers["x-whatlead-event"] === "MessageRead")
          // A retried delivery carries the same id.
          .map((hook) => hook.headers["x-whatlead-delivery"]),
      ).size;
    const readOnIntents = async () => {
      const result = await pool.query<{ n: number }>(
        "select count(*)::int as n from message_intent where read_at is not null",
      );
      return result.rows[0]?.n ?? 0;
    };
    const began = monotonicMs();
    await Promise.all(Array.from({ length: run.callers }, caller));
    // Three times a batch run's limit: every message waits for its receipts after its send.
    const deadline = monotonicMs() + 3 * ctx.runTimeoutMs;
    while (((await readOnIntents()) < intents || readAtEndpoint() < intents) && monotonicMs() < deadline)
      await sleep(POLL_MS);
    const seconds = (monotonicMs() - began) / 1000;
    const usage = await executor.usage();
    await streams.close();
    const latencies = await pool.query<{ to_sent: number; to_read: number | null }>(
      `select extract(epoch from job.executed_at - job.created_at) * 1000 as to_sent,
              extract(epoch from read.resolved_at - job.executed_at) * 1000 as to_read
       from message_execution_job job
       left join gateway_event read on read.kind = 'receipt' and read.receipt_status = 'read'
         and read.resolution = 'settled' and read.message_id = job.provider_message_id
       where job.status = 'SENT'`,
    );
    const stats = await sim.stats();
    const completed = Math.min(await readOnIntents(), readAtEndpoint());
    return {
      intents,
      seconds,
      // Past the deadline, only the messages that made it count.
      perSecond: completed / seconds,
      p50Ms: percentile(
        latencies.rows.map((row) => Number(row.to_sent)),
        50,
      ),
      p99Ms: percentile(
        latencies.rows.map((row) => Number(row.to_sent)),
        99,
      ),
      readP50Ms: percentile(readLatencies(latencies.rows), 50),
      readP99Ms: percentile(readLatencies(latencies.rows), 99),
      outboundDeliveries: receiver.received.length,
      duplicates: stats.duplicates,
      missing: intents - stats.distinct,
      unread: intents - completed,
      queriesPerMessage: (usage.queries - before.queries) / intents,
      peakRssMb: usage.peakRssMb,
    };
  } finally {
    await executor.stop();
    await receiver.close();
    await sim.close();
    await pool.end();
    await database.drop();
  }
}

function readLatencies(rows: readonly { to_read: number | null }[]): number[] {
  return rows.flatMap((row) => (row.to_read === null ? [] : [Number(row.to_read)]));
}

/** The gateway's webhook of instance `name`, as registering it with PUBLIC_URL would set it: every event, with the secret. */
async function pointGatewayAt(
  sim: { url: string; apiKey: string },
  name: string,
  url: string,
): Promise<void> {
  const response = await fetch(`${sim.url}/api/webhook/${name}/set`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": sim.apiKey },
    body: JSON.stringify({
      url,
      events: [],
      headers: { "X-Webhook-Secret": GATEWAY_WEBHOOK_SECRET },
      enabled: true,
    }),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`webhook of ${name}: HTTP ${response.status}`);
}
