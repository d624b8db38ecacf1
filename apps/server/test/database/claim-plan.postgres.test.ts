import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPersistence } from "../../src/infra/database/persistence";
import { claimOldestDueJobs } from "../../src/infra/database/sql/claim-runnable-jobs.sql";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { anInstance } from "../support/fixtures";

const BACKLOG = 5_000;
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const instance = anInstance();
  await createPersistence(testDb.database).repos.instances.insert(instance);
  // One organization, one instance, a backlog of PENDING jobs of every priority: the usual single-tenant deployment.
  await testDb.database.pool.query(
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
  await testDb.database.pool.query("analyze message_execution_job, message_intent, instance");
  // One pause and resume leaves a page behind: the planner now believes the pause table holds rows.
  await testDb.database.pool.query(
    `insert into organization_pause (organization_id, actor, reason, paused_at) values ($1, 'op', 'test', now())`,
    [instance.organizationId],
  );
  await testDb.database.pool.query("delete from organization_pause");
});
afterAll(() => testDb.close());

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

it("claims by walking the runnable index, never by reading and sorting the whole backlog, after a pause and resume", async () => {
  const request = { workerId: "w", limit: 50, leaseMs: 30_000, perInstanceLimit: 0 };
  const explained = (await testDb.db.execute(sql`explain (format json) ${claimOldestDueJobs(request)}`)) as {
    rows: unknown[];
  };
  const plan = (explained.rows[0] as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]?.Plan;
  // The row-locking selection of due jobs (the UPDATE's own join by primary key may be planned either way).
  const selection = nodesOf(plan as PlanNode).find((node) => node["Node Type"] === "LockRows");
  const nodes = selection ? nodesOf(selection) : [];
  expect(nodes.some((node) => node["Index Name"] === "message_execution_job_runnable_idx")).toBe(true);
  expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
  expect(
    nodes.filter(
      (node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "message_execution_job",
    ),
  ).toEqual([]);
});
