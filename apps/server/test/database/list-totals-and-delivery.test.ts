import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { DeliveryState } from "../../src/domain/intent/delivery-state";
import { LIST_COUNT_CAP } from "../../src/infra/database/pagination/count-at-most";
import { aJobFor, anApprovedIntent, anInstance, at, ORG } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

// Lists answer how many rows their whole filter matches (capped), and filter by what the
// recipient's phone reported; "minutes ago" is the database's clock. PostgreSQL and PGlite alike.

describeOnEachSqlDatabase("list totals and delivery filter", (current) => {
  /** One SENT message per receipt situation, sent `minutesAgo` before the database's now. */
  async function given() {
    const instance = anInstance();
    await current().repos.instances.insert(instance);
    const situations = {
      read: { minutesAgo: 30, delivered: true, read: true },
      delivered: { minutesAgo: 30, delivered: true, read: false },
      silent: { minutesAgo: 30, delivered: false, read: false },
      recent: { minutesAgo: 2, delivered: false, read: false },
      waiting: null,
    };
    const ids: Record<string, string> = {};
    for (const [i, [name, receipt]] of Object.entries(situations).entries()) {
      const intent = anApprovedIntent(instance, at(i), `+55 11 90000-000${i}`);
      await current().repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: at(i) });
      await current().repos.jobs.createIfNotExists(job, event);
      ids[name] = job.id;
      if (!receipt) continue;
      const sentAt = sql`now() - make_interval(mins => ${receipt.minutesAgo})`;
      await current().db.execute(sql`
        update message_intent set status = 'SENT', sent_at = ${sentAt},
          delivered_at = case when ${receipt.delivered} then now() end,
          read_at = case when ${receipt.read} then now() end
        where id = ${intent.id}`);
      await current().db.execute(
        sql`update message_execution_job set status = 'SENT', executed_at = now() where id = ${job.id}`,
      );
    }
    return ids;
  }

  it("filters jobs and intents by delivery state, with the minutes that make a receipt overdue", async () => {
    const ids = await given();
    const jobs = async (delivery: DeliveryState, noReceiptAfterMinutes?: number) =>
      (
        await current().repos.jobs.list({ organizationId: ORG, limit: 10, delivery, noReceiptAfterMinutes })
      ).items
        .map((j) => j.id)
        .sort();
    const sorted = (...names: string[]) => names.map((n) => ids[n]).sort();
    expect(await jobs("read")).toEqual(sorted("read"));
    expect(await jobs("delivered")).toEqual(sorted("read", "delivered"));
    expect(await jobs("no-receipt")).toEqual(sorted("silent"));
    expect(await jobs("not-yet")).toEqual(sorted("recent"));
    expect(await jobs("no-receipt", 1)).toEqual(sorted("silent", "recent"));
    expect(await jobs("not-yet", 60)).toEqual(sorted("silent", "recent"));
    const intents = await current().repos.intents.list({
      organizationId: ORG,
      limit: 10,
      delivery: "no-receipt",
    });
    expect(intents.items.map((i) => i.status)).toEqual(["SENT"]);
    expect(intents.total).toBe(1);
  });

  it("counts the whole filter, not the page, and ignores the page position", async () => {
    await given();
    const first = await current().repos.jobs.list({ organizationId: ORG, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first).toMatchObject({ total: 5, totalCapped: false });
    const second = await current().repos.jobs.list({
      organizationId: ORG,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second).toMatchObject({ total: 5, totalCapped: false });
    const intents = await current().repos.intents.list({ organizationId: ORG, limit: 1, status: "SENT" });
    expect(intents).toMatchObject({ total: 4, totalCapped: false });
    const none = await current().repos.jobs.list({ organizationId: "another-org", limit: 2 });
    expect(none).toMatchObject({ total: 0, totalCapped: false });
  });

  it(`stops counting past ${LIST_COUNT_CAP.toLocaleString("en")} and says so`, async () => {
    const instance = anInstance();
    await current().repos.instances.insert(instance);
    const intent = anApprovedIntent(instance, at(0));
    await current().repos.intents.insert(intent);
    // Copies of one intent row, enough to pass the cap: the count must stop, not read them all.
    await current().db.execute(sql`
      insert into message_intent (id, organization_id, target_kind, target_value, type, purpose,
        priority, payload, status, created_at, updated_at)
      select gen_random_uuid(), organization_id, target_kind, target_value, type, purpose, priority,
        payload, status, created_at, updated_at
      from message_intent, generate_series(1, ${LIST_COUNT_CAP + 5})`);
    const page = await current().repos.intents.list({ organizationId: ORG, limit: 3 });
    expect(page).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
  });
});
