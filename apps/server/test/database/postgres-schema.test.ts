import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/application/ports/unit-of-work";
import { runMigrations } from "../../src/infra/database/migrate";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresUnitOfWork } from "../../src/infra/database/repositories/postgres-unit-of-work";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { aJobFor, anApprovedIntent, anInstance } from "../support/fixtures";
import { resetDatabase } from "../support/reset-database";

let database: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  database = await createTestDatabase();
  repos = createPostgresRepositories(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function givenJob() {
  const instance = anInstance();
  const intent = anApprovedIntent(instance);
  const { job, event } = aJobFor(intent, instance);
  await repos.instances.insert(instance);
  await repos.intents.insert(intent);
  await repos.jobs.createIfNotExists(job, event);
  return { instance, intent, job };
}

/** The PostgreSQL error under drizzle's wrapper. */
async function pgErrorOf(statement: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  const error = await statement.then(
    () => null,
    (caught: { cause?: unknown }) => caught.cause ?? caught,
  );
  if (!error) throw new Error("the statement was expected to fail");
  return error as { code?: string; constraint?: string };
}

/** Migrations the journal lists: each applied once, however many runs. */
function migrationCount(): number {
  const journal = new URL("../../src/infra/database/migrations/meta/_journal.json", import.meta.url);
  return (JSON.parse(readFileSync(journal, "utf8")) as { entries: unknown[] }).entries.length;
}

describe("migrations", () => {
  it("build the schema from an empty database, and a second run changes nothing", async () => {
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      "api_key",
      "gateway_event",
      "idempotency_key",
      "instance",
      "instance_send",
      "message_execution_job",
      "message_intent",
      "organization",
      "organization_pause",
      "recipient_check",
      "timeline_event",
      // The timeline's default partition (migration 0015); day partitions come from the upkeep.
      "timeline_event_default",
      "webhook_delivery",
      "webhook_endpoint",
    ]);
    // The rows written before organizations existed keep their organization id: it is now a real row.
    const organizations = await queryRows<{ id: string; name: string }>(
      database.db,
      sql`select id, name from organization`,
    );
    expect(organizations).toEqual([{ id: "default", name: "default" }]);

    const indexes = await queryRows<{ indexname: string; indexdef: string }>(
      database.db,
      sql`select indexname, indexdef from pg_indexes where schemaname = 'public'`,
    );
    const definition = (name: string) => indexes.find((index) => index.indexname === name)?.indexdef;
    expect(indexes.map((index) => index.indexname)).toEqual(
      expect.arrayContaining([
        "message_execution_job_intent_unique",
        "message_execution_job_instance_status_idx",
        "message_execution_job_org_created_idx",
        "message_intent_org_created_idx",
        "instance_provider_name_unique",
        "timeline_event_intent_idx",
        "api_key_secret_hash_unique",
        "idempotency_key_pkey",
        "organization_name_unique",
      ]),
    );
    expect(definition("message_execution_job_runnable_idx")).toMatch(
      /\(priority, next_attempt_at, created_at\) WHERE \(status = ANY \(ARRAY\['PENDING'::text, 'RETRY'::text\]\)\)/,
    );
    expect(definition("message_execution_job_recipient_unfinished_idx")).toMatch(
      /\(instance_id, recipient, created_at\) WHERE \(status = ANY \(ARRAY\['PENDING'::text, 'RETRY'::text, 'PROCESSING'::text\]\)\)/,
    );
    expect(definition("message_intent_approved_idx")).toMatch(
      /\(created_at\) WHERE \(status = 'APPROVED'::text\)/,
    );

    await runMigrations(database.database);
    const applied = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]?.count).toBe(migrationCount());
  });
});

describe("constraints the database enforces", () => {
  beforeEach(async () => {
    await resetDatabase(database.db);
  });

  it("refuses executed_at without SENT, and SENT without executed_at", async () => {
    const { job } = await givenJob();
    const executedWhilePending = database.db.execute(
      sql`update message_execution_job set executed_at = now() where id = ${job.id}`,
    );
    expect(await pgErrorOf(executedWhilePending)).toMatchObject({
      code: "23514",
      constraint: "message_execution_job_executed_only_when_sent",
    });
    const sentNeverExecuted = database.db.execute(
      sql`update message_execution_job set status = 'SENT' where id = ${job.id}`,
    );
    expect(await pgErrorOf(sentNeverExecuted)).toMatchObject({ code: "23514" });
    const sent = await queryRows<{ id: string }>(
      database.db,
      sql`update message_execution_job set status = 'SENT', executed_at = now() where id = ${job.id} returning id`,
    );
    expect(sent).toHaveLength(1);
  });

  it("refuses unknown statuses and negative attempts", async () => {
    const { job, intent } = await givenJob();
    const cases = [
      sql`update message_execution_job set status = 'DONE' where id = ${job.id}`,
      sql`update message_execution_job set attempts = -1 where id = ${job.id}`,
      sql`update message_intent set status = 'DONE' where id = ${intent.id}`,
    ];
    for (const statement of cases) {
      expect(await pgErrorOf(database.db.execute(statement))).toMatchObject({ code: "23514" });
    }
  });

  it("keeps one job per intent even when the code does not ask", async () => {
    const { job } = await givenJob();
    const duplicate = database.db.execute(sql`
      insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                         attempts, max_attempts, next_attempt_at, created_at, updated_at)
      select gen_random_uuid(), organization_id, intent_id, instance_id, recipient, provider, 'PENDING', 0, 3, now(),
             now(), now()
      from message_execution_job where id = ${job.id}`);
    expect(await pgErrorOf(duplicate)).toMatchObject({
      code: "23505",
      constraint: "message_execution_job_intent_unique",
    });
  });
});

describe("row locks", () => {
  beforeEach(async () => {
    await resetDatabase(database.db);
  });

  it("a claim skips a job an open unit of work holds FOR UPDATE, and takes it once released", async () => {
    const { job } = await givenJob();
    const queue = new PostgresJobQueue(database.db);
    const request = { workerId: "w", limit: 10, leaseMs: 1000, perInstanceLimit: 0 };
    let claimedMeanwhile: unknown[] = ["not run"];
    await new PostgresUnitOfWork(database.db).run(async (tx) => {
      expect((await tx.jobs.findById(job.id, { forUpdate: true }))?.id).toBe(job.id);
      claimedMeanwhile = await queue.claim(request);
    });
    expect(claimedMeanwhile).toEqual([]);
    expect((await queue.claim(request)).map((claimed) => claimed.job.id)).toEqual([job.id]);
  });
});
