import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import type { Instance } from "../../src/domain/instance/instance";
import { createPersistence } from "../../src/infra/database/persistence";
import { listenForRunnableJobs, RUNNABLE_JOB_CHANNEL } from "../../src/infra/database/runnable-job-listener";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { aJobFor, anApprovedIntent, anInstance, at } from "../support/fixtures";

let testDb: TestDatabase;
let repos: Repositories;
let instance: Instance;
/** A plain listener that keeps every payload, to count what the trigger sends. */
let observer: pg.Client;
const heard: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  repos = createPersistence(testDb.database).repos;
  instance = anInstance();
  await repos.instances.insert(instance);
  observer = new pg.Client({ connectionString: testDb.url });
  await observer.connect();
  observer.on("notification", (message) => heard.push(message.payload ?? ""));
  await observer.query(`listen ${RUNNABLE_JOB_CHANNEL}`);
});
afterAll(async () => {
  await observer.end();
  await testDb.close();
});

async function givenJobs(count: number) {
  const created = [];
  for (let i = 0; i < count; i++) {
    const intent = anApprovedIntent(instance);
    await repos.intents.insert(intent);
    const { job, event } = aJobFor(intent, instance);
    created.push((await repos.jobs.createIfNotExists(job, event)).job);
  }
  return created;
}

/** What the trigger sent since the last call: a marker notification closes the window. */
async function notificationsSinceLastCall(): Promise<number> {
  const marker = `marker-${Math.random()}`;
  await testDb.database.pool.query("select pg_notify($1, $2)", [RUNNABLE_JOB_CHANNEL, marker]);
  await eventually(async () => (heard.includes(marker) ? true : undefined));
  const runnable = heard.splice(0).filter((payload) => !payload.startsWith("marker-"));
  return runnable.length;
}

describe("runnable-job notifications", () => {
  it("a created job notifies once its transaction commits; claiming and finishing it notify nobody", async () => {
    await notificationsSinceLastCall();
    const [job] = await givenJobs(1);
    expect(await notificationsSinceLastCall()).toBe(1);

    const [claimed] = await repos.jobs.tryClaim({ workerId: "w", limit: 1, leaseMs: 30_000, now: at(1) });
    expect(claimed?.job.id).toBe(job?.id);
    expect(await notificationsSinceLastCall()).toBe(0);
  });

  it("many jobs made runnable in one transaction wake listeners once", async () => {
    await givenJobs(3);
    await notificationsSinceLastCall();
    await testDb.database.pool.query(
      "update message_execution_job set status = 'RETRY', next_attempt_at = now() where status = 'PENDING'",
    );
    expect(await notificationsSinceLastCall()).toBe(1);
  });

  it("a rolled-back transaction notifies nobody", async () => {
    const client = await testDb.database.pool.connect();
    try {
      await client.query("begin");
      await client.query("update message_execution_job set next_attempt_at = now()");
      await client.query("rollback");
    } finally {
      client.release();
    }
    expect(await notificationsSinceLastCall()).toBe(0);
  });

  it("the listener calls back on each notification, and again after its connection is lost", async () => {
    let calls = 0;
    const logger = pino({ level: "silent" });
    const listener = await listenForRunnableJobs(testDb.url, () => calls++, logger);
    try {
      await givenJobs(1);
      await eventually(async () => (calls >= 1 ? true : undefined));

      const before = calls;
      await testDb.database.pool.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> $2",
        [`listen ${RUNNABLE_JOB_CHANNEL}`, (observer as unknown as { processID: number }).processID],
      );
      // Reconnected: it calls back once for what it may have missed, then hears new jobs again.
      await eventually(async () => (calls > before ? true : undefined));
      const reconnected = calls;
      await givenJobs(1);
      await eventually(async () => (calls > reconnected ? true : undefined));
    } finally {
      await listener.close();
    }
  });
});
