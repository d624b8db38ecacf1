import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../src/infra/database/database";
import { openPostgres } from "../../src/infra/database/open-postgres";
import { createPersistence } from "../../src/infra/database/persistence";
import { claimOldestDueJobs } from "../../src/infra/database/sql/claim-runnable-jobs.sql";
import { claimStatements } from "../../src/infra/database/sql/hot-statements";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { anInstance } from "../support/fixtures";

const BACKLOG = 5_000;
let testDb: TestDatabase;
/** The same backlog right after it landed: never analyzed, as between autovacuum passes. */
let freshDb: TestDatabase;

/** One organization, one instance, a backlog of PENDING jobs: the usual single-tenant deployment. */
async function withBacklog(database: TestDatabase): Promise<string> {
  const instance = anInstance();
  await createPersistence(database.database).repos.instances.insert(instance);
  // Jobs of every priority.
  await database.database.pool.query(
    `with intent as (
       insert into message_intent (id, organization_id, target_kind, target_value, type, purpose, payload, status,
                                   decided_by_instance_id, created_at, updated_at)
       select gen_random_uuid(), $1, 'PHONE', '55' || n, 'TEXT', 'DISPATCH', '{"text":"x"}', 'APPROVED', $2, now(), now()
       from generate_series(1, $3::int) as n
       returning id, target_value
     )
     insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                        priority, attempts, max_attempts, next_attempt_at, created_at, updated_at)
     select gen_random_uuid(), $1, id, $2, target_value, 'turbozap', 'PENDING', (random() * 2)::smallint, 0, 5,
            now(), clock_timestamp(), now()
     from intent`,
    [instance.organizationId, instance.id, BACKLOG],
  );
  return instance.organizationId;
}

beforeAll(async () => {
  [testDb, freshDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const [organizationId] = await Promise.all([withBacklog(testDb), withBacklog(freshDb)]);
  await testDb.database.pool.query("analyze message_execution_job, message_intent, instance");
  // One pause and resume leaves a page behind: the planner now believes the pause table holds rows.
  await testDb.database.pool.query(
    `insert into organization_pause (organization_id, actor, reason, paused_at) values ($1, 'op', 'test', now())`,
    [organizationId],
  );
  await testDb.database.pool.query("delete from organization_pause");
});
afterAll(() => Promise.all([testDb.close(), freshDb.close()]));

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** The claim's plan as the worker runs it: on the claim's connections, with their planner settings. */
async function claimPlan(db: Db, generic: boolean): Promise<PlanNode> {
  const request = { workerId: "w", limit: 50, leaseMs: 30_000, perInstanceLimit: 0 };
  const [explained] = await claimStatements(db).transaction(async (tx) => {
    if (generic) await tx.rows(sql`set local plan_cache_mode = force_generic_plan`);
    return tx.rows<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
      sql`explain (format json) ${claimOldestDueJobs(request)}`,
    );
  });
  return explained?.["QUERY PLAN"][0]?.Plan as PlanNode;
}

/** Its plan behind a transaction pooler, where the claim's connections cannot carry settings. */
async function claimPlanThroughTransactionPooler(
  database: TestDatabase,
  generic: boolean,
): Promise<PlanNode> {
  const pooled = openPostgres(database.url, { max: 1, poolMode: "transaction" });
  try {
    return await claimPlan(pooled.db, generic);
  } finally {
    await pooled.close();
  }
}

async function expectIndexWalkEverywhere(database: TestDatabase): Promise<void> {
  for (const generic of [false, true]) {
    expectIndexWalk(await claimPlan(database.db, generic));
    expectIndexWalk(await claimPlanThroughTransactionPooler(database, generic));
  }
}

/** Walks the runnable index in order: no sort of the backlog, no scan of the table. */
function expectIndexWalk(plan: PlanNode): void {
  // The row-locking selection of due jobs (the UPDATE's own join by primary key may be planned either way).
  const selection = nodesOf(plan).find((node) => node["Node Type"] === "LockRows");
  const nodes = selection ? nodesOf(selection) : [];
  expect(nodes.some((node) => node["Index Name"] === "message_execution_job_runnable_idx")).toBe(true);
  expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
  expect(
    nodes.filter(
      (node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "message_execution_job",
    ),
  ).toEqual([]);
  // Each lead's order through the recipient index, never by reading the instance's whole backlog.
  expect(nodes.some((node) => node["Index Name"] === "message_execution_job_recipient_unfinished_idx")).toBe(
    true,
  );
  expect(nodes.filter((node) => node["Index Name"] === "message_execution_job_instance_status_idx")).toEqual(
    [],
  );
}

it("claims by walking the runnable index, never by reading and sorting the whole backlog, after a pause and resume", async () => {
  await expectIndexWalkEverywhere(testDb);
});

it("walks the same index on a backlog that was never analyzed (a burst between autovacuum passes)", async () => {
  const { rows } = await freshDb.database.pool.query(
    "select last_analyze, last_autoanalyze from pg_stat_user_tables where relname = 'message_execution_job'",
  );
  expect(rows).toEqual([{ last_analyze: null, last_autoanalyze: null }]);
  await expectIndexWalkEverywhere(freshDb);
});
