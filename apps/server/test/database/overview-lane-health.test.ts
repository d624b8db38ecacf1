import { expect, it } from "vitest";
import { GetOverviewStatsQuery } from "../../src/application/use-cases/get-overview-stats";
import type { Instance } from "../../src/domain/instance/instance";
import { fenceOfClaim } from "../../src/domain/job/job-fence";
import { PostgresOverviewStatsReader } from "../../src/infra/database/queries/postgres-overview-stats-reader";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import {
  AN_ERROR,
  aJobFor,
  anApprovedIntent,
  anInstance,
  at,
  failedEvent,
  ORG,
  sentEvent,
} from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

// Each number's health over the last hour, as the overview's lanes give it: failures, and of its
// sends how many were delivered, read, or got no receipt within 10 minutes.

const NOW = at(2 * 3600);
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describeOnEachSqlDatabase("lane health", (current) => {
  const queue = () => new PostgresJobQueue(current().db);
  async function claimed(instance: Instance, when: Date) {
    const intent = anApprovedIntent(instance, when);
    await current().repos.intents.insert(intent);
    const { job, event } = aJobFor(intent, instance, { now: when });
    await current().repos.jobs.createIfNotExists(job, event);
    const [claim] = await queue().claim({ workerId: "w", limit: 1, leaseMs: 30_000, perInstanceLimit: 0 });
    if (claim?.job.id !== job.id) throw new Error("the job given to the test could not be claimed");
    return { job: claim.job, fence: fenceOfClaim(claim.job) };
  }

  async function sent(instance: Instance, when: Date, receipts: ("delivered" | "read")[] = []) {
    const { job, fence } = await claimed(instance, when);
    const messageId = `wamid-${job.id}`;
    const event = sentEvent(job, fence, messageId, when);
    await queue().complete({ dispatches: [], outcomes: [{ status: "SENT", fence, event }] });
    for (const status of receipts) {
      await current().repos.gatewayEvents.receive([
        {
          provider: "turbozap",
          instanceName: instance.name,
          kind: "receipt",
          messageId,
          receiptStatus: status,
          occurredAt: when,
          receivedAt: when,
          resolution: "received",
          payload: {},
        },
      ]);
    }
    await current().repos.gatewayEvents.applyReceipts("received", 10, when);
  }

  it("counts failures, deliveries, reads and sends without a receipt per number", async () => {
    const instance = anInstance({ name: "health" });
    await current().repos.instances.insert(instance);
    await sent(instance, minutesAgo(30), ["delivered"]);
    await sent(instance, minutesAgo(25), ["delivered", "read"]);
    await sent(instance, minutesAgo(20)); // no receipt after 20 minutes
    await sent(instance, minutesAgo(2)); // too recent to say
    await sent(instance, minutesAgo(90)); // before the hour
    const failing = await claimed(instance, minutesAgo(5));
    const failure = { ...failedEvent(failing.job, failing.fence, minutesAgo(5)), error: AN_ERROR };
    await queue().complete({
      dispatches: [],
      outcomes: [{ status: "FAILED", fence: failing.fence, event: failure }],
    });
    const stats = await new GetOverviewStatsQuery(new PostgresOverviewStatsReader(current().db), {
      now: () => NOW,
    }).execute(ORG);
    expect(stats.lanes).toEqual([
      expect.objectContaining({
        name: "health",
        sentLastHour: 4,
        health: { failed: 1, delivered: 2, read: 1, withoutReceipt: 1 },
      }),
    ]);
  });
});
