import { randomUUID } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import type { Instance } from "../../src/domain/instance/instance";
import {
  RUNNABLE_JOB_CHANNEL,
  WEBHOOK_DELIVERY_CHANNEL,
} from "../../src/infra/database/notification-channels";
import { listenForNotifications } from "../../src/infra/database/notification-listener";
import { createPersistence, type Persistence } from "../../src/infra/database/persistence";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { eventually } from "../support/executor-harness";
import { aJobFor, anApprovedIntent, anInstance } from "../support/fixtures";

let testDb: TestDatabase;
let persistence: Persistence;
let repos: Repositories;
let instance: Instance;
/** A plain listener that keeps every payload, to count what the trigger sends. */
let observer: pg.Client;
const heard: { channel: string; payload: string }[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  persistence = createPersistence(testDb.database);
  repos = persistence.repos;
  instance = anInstance();
  await repos.instances.insert(instance);
  observer = new pg.Client({ connectionString: testDb.url });
  await observer.connect();
  observer.on("notification", (message) =>
    heard.push({ channel: message.channel, payload: message.payload ?? "" }),
  );
  await observer.query(`listen ${RUNNABLE_JOB_CHANNEL}`);
  await observer.query(`listen ${WEBHOOK_DELIVERY_CHANNEL}`);
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

/** What the triggers sent on `channel` since the last call: a marker notification closes the window. */
async function notificationsSinceLastCall(channel = RUNNABLE_JOB_CHANNEL): Promise<number> {
  const marker = `marker-${Math.random()}`;
  await testDb.database.pool.query("select pg_notify($1, $2)", [RUNNABLE_JOB_CHANNEL, marker]);
  await eventually(async () => (heard.some((heard) => heard.payload === marker) ? true : undefined));
  return heard.splice(0).filter((heard) => heard.channel === channel && !heard.payload.startsWith("marker-"))
    .length;
}

describe("database notifications", () => {
  it("a created job notifies once its transaction commits; claiming and finishing it notify nobody", async () => {
    await notificationsSinceLastCall();
    const [job] = await givenJobs(1);
    expect(await notificationsSinceLastCall()).toBe(1);

    const [claimed] = await new PostgresJobQueue(testDb.db).claim({
      workerId: "w",
      limit: 1,
      leaseMs: 30_000,
      perInstanceLimit: 0,
    });
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

  it("webhook deliveries notify once per transaction that writes some, and events nobody subscribed to notify nobody", async () => {
    const organizationId = `org-${Math.random()}`;
    const event = () => ({
      type: "MessageIntentBlocked" as const,
      organizationId,
      intentId: randomUUID(),
      occurredAt: new Date(),
      actor: "test",
      reason: "r",
    });
    await notificationsSinceLastCall(WEBHOOK_DELIVERY_CHANNEL);
    await repos.timeline.append([event(), event()]);
    expect(await notificationsSinceLastCall(WEBHOOK_DELIVERY_CHANNEL)).toBe(0);

    await persistence.webhookEndpoints.insert({
      id: randomUUID(),
      organizationId,
      url: "https://example.test/hook",
      events: ["MessageIntentBlocked"],
      secret: "whsec_test",
      createdAt: new Date(),
    });
    await repos.timeline.append([event(), event()]);
    expect(await notificationsSinceLastCall(WEBHOOK_DELIVERY_CHANNEL)).toBe(1);
  });

  it("the listener calls each channel's handler on its notifications, and every handler after a lost connection", async () => {
    let calls = 0;
    let webhookCalls = 0;
    const logger = pino({ level: "silent" });
    const listener = await listenForNotifications(
      testDb.url,
      { [RUNNABLE_JOB_CHANNEL]: () => calls++, [WEBHOOK_DELIVERY_CHANNEL]: () => webhookCalls++ },
      logger,
    );
    try {
      await givenJobs(1);
      await eventually(async () => (calls >= 1 ? true : undefined));
      expect(webhookCalls).toBe(0);

      const before = calls;
      await testDb.database.pool.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen %' and pid <> $1",
        [(observer as unknown as { processID: number }).processID],
      );
      // Reconnected: it calls back once for what it may have missed, then hears new jobs again.
      await eventually(async () => (calls > before && webhookCalls > 0 ? true : undefined));
      const reconnected = calls;
      await givenJobs(1);
      await eventually(async () => (calls > reconnected ? true : undefined));
    } finally {
      await listener.close();
    }
  });
});
