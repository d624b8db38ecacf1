import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { WebhookPoster } from "../../../packages/sim-kit/src/webhook-post";
import { ExecutorProcess, GATEWAY_WEBHOOK_SECRET } from "../systems/executor-process";
import { seedSentHistory } from "../systems/executor-tables";
import type { BenchContext } from "./bench-context";
import { instanceNames } from "./bench-intents";
import { freshExecutorDatabase } from "./fresh-database";
import { monotonicMs } from "./monotonic-ms";
import { percentile } from "./percentile";

export interface ReceiptsRun {
  /** Messages already SENT; each gets `delivered` and `read`, each posted twice. */
  messages: number;
  /** Posts in flight at once, as a gateway's webhook sender keeps them. */
  concurrency: number;
}

export interface ReceiptsResult {
  posts: number;
  /**
   * The ceiling: the same number of posts, same client and concurrency, of an event the webhook
   * ignores (202 without any write): what HTTP handling alone allows in this process.
   */
  ignoredPerSecond: number;
  /** Posts answered per second (the gateway's view). */
  acceptedPerSecond: number;
  /** Posts per second until every message's delivered and read are on its intent and timeline. */
  perSecond: number;
  /** Milliseconds per post. */
  p50Ms: number;
  p99Ms: number;
  /** Timeline rows beyond one MessageDelivered and one MessageRead per message. */
  duplicates: number;
  /** Receipts never recorded. */
  missing: number;
  queriesPerPost: number;
  /** CPU time of the executor's process per receipt post, ms (steadier than rates on a loaded machine). */
  cpuMsPerPost: number;
  peakRssMb: number;
}

const POLL_MS = 20;
const WARM_UP_POSTS = 500;

function receiptBody(
  instance: string,
  messageId: string,
  status: "delivered" | "read",
  event = "message.ack",
) {
  const timestamp = new Date().toISOString();
  return JSON.stringify({
    event,
    instance,
    timestamp,
    data: { message_id: messageId, status, timestamp },
  });
}

/** Fisher–Yates with a fixed seed: every run posts the same shuffled order. */
function shuffled<T>(items: T[]): T[] {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * A gateway's receipts for messages already sent: `delivered` and `read` for each, every one posted
 * twice, shuffled (a read may come before its delivered), `concurrency` at a time, into
 * `POST /v1/webhooks/turbozap` of one executor process; timed until every receipt is recorded.
 */
export async function runReceipts(ctx: BenchContext, run: ReceiptsRun, tag: string): Promise<ReceiptsResult> {
  const database = await freshExecutorDatabase(ctx, tag);
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const [instance = "bench-1"] = instanceNames(1);
  await seedSentHistory(pool, run.messages, [instance], 0);
  const executor = await ExecutorProcess.start({
    DATABASE_URL: database.url,
    TURBOZAP_BASE_URL: ctx.sim.url,
    TURBOZAP_API_KEY: ctx.sim.apiKey,
    TURBOZAP_WEBHOOK_SECRET: GATEWAY_WEBHOOK_SECRET,
    LOG_LEVEL: "warn",
  });
  // Posted as the simulators' gateways post their webhooks: node:http with a keep-alive pool (global
  // fetch cost this process more than the executor's answer, and the run measured the client).
  const poster = new WebhookPoster();
  try {
    const { rows } = await pool.query<{ id: string }>(
      "select provider_message_id as id from message_execution_job",
    );
    const bodies = shuffled(
      rows.flatMap(({ id }) =>
        (["delivered", "read"] as const).flatMap((status) => [
          receiptBody(instance, id, status),
          receiptBody(instance, id, status),
        ]),
      ),
    );
    const post = async (body: string) => {
      const status = await poster.post({
        url: `${executor.url}/v1/webhooks/turbozap`,
        headers: { "content-type": "application/json", "x-webhook-secret": GATEWAY_WEBHOOK_SECRET },
        body,
        timeoutMs: ctx.runTimeoutMs,
      });
      if (status < 200 || status >= 300) throw new Error(`receipt: HTTP ${status}`);
    };
    /** Every body posted, `run.concurrency` at a time; seconds taken and milliseconds per post. */
    const postAll = async (all: readonly string[]) => {
      const durations: number[] = [];
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < all.length; i = next++) {
          const began = monotonicMs();
          await post(all[i] as string);
          durations.push(monotonicMs() - began);
        }
      };
      const began = monotonicMs();
      await Promise.all(Array.from({ length: run.concurrency }, lane));
      return { seconds: (monotonicMs() - began) / 1000, durations };
    };
    const ignoredBodies = bodies.map((_, i) => receiptBody(instance, String(i), "read", "bench.ignored"));
    await postAll(ignoredBodies.slice(0, WARM_UP_POSTS)); // connections and JIT, for both timed runs
    const ignored = await postAll(ignoredBodies);
    const before = await executor.usage();
    const began = monotonicMs();
    const { seconds: answeredSeconds, durations } = await postAll(bodies);
    const deadline = began + ctx.runTimeoutMs;
    const recorded = async () => {
      const result = await pool.query<{ n: number }>(
        "select count(*)::int as n from message_intent where delivered_at is not null and read_at is not null",
      );
      return result.rows[0]?.n ?? 0;
    };
    while ((await recorded()) < run.messages && monotonicMs() < deadline) await sleep(POLL_MS);
    const seconds = (monotonicMs() - began) / 1000;
    const usage = await executor.usage();
    const timeline = await pool.query<{ n: number }>(
      "select count(*)::int as n from timeline_event where type in ('MessageDelivered', 'MessageRead')",
    );
    const rowsWritten = timeline.rows[0]?.n ?? 0;
    const missing = 2 * run.messages - (await recorded()) * 2;
    return {
      posts: bodies.length,
      ignoredPerSecond: bodies.length / ignored.seconds,
      acceptedPerSecond: bodies.length / answeredSeconds,
      perSecond: bodies.length / seconds,
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      duplicates: Math.max(0, rowsWritten - 2 * run.messages),
      missing,
      queriesPerPost: (usage.queries - before.queries) / bodies.length,
      cpuMsPerPost: (usage.cpuMs - before.cpuMs) / bodies.length,
      peakRssMb: usage.peakRssMb,
    };
  } finally {
    poster.stop();
    await executor.stop();
    await pool.end();
    await database.drop();
  }
}
