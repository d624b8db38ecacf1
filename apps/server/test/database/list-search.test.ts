import { expect, it } from "vitest";
import { aJobFor, anApprovedIntent, anInstance, at, ORG } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

// The search every list shares: the id prefix the lists show, and phone digits however typed.
// Run on PostgreSQL and on PGlite, the same SQL.

describeOnEachSqlDatabase("list search", (current) => {
  async function given() {
    const instance = anInstance();
    await current().repos.instances.insert(instance);
    const made = [];
    for (const [i, phone] of ["+55 11 98765-4301", "5521 3333-0000"].entries()) {
      const intent = anApprovedIntent(instance, at(i), phone);
      await current().repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance, { now: at(i) });
      await current().repos.jobs.createIfNotExists(job, event);
      made.push({ intent, job });
    }
    return made;
  }

  it("finds intents by phone digits however either side is written, and by the shown id", async () => {
    const [formatted] = await given();
    const ids = async (search: string) =>
      (await current().repos.intents.list({ organizationId: ORG, limit: 10, search })).items.map((i) => i.id);
    const expected = [formatted?.intent.id];
    expect(await ids("5511987654301")).toEqual(expected);
    expect(await ids("98765-43")).toEqual(expected);
    expect(await ids("(11) 98765 4301")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8).toUpperCase() ?? "")).toEqual(expected);
    expect(await ids("99999999")).toEqual([]);
    expect(await ids("987_")).toEqual([]);
  });

  it("finds jobs by the same digits, by their own shown id and by their intent's", async () => {
    const [formatted] = await given();
    const ids = async (search: string) =>
      (await current().repos.jobs.list({ organizationId: ORG, limit: 10, search })).items.map((j) => j.id);
    const expected = [formatted?.job.id];
    expect(await ids("5511987654301")).toEqual(expected);
    expect(await ids("98765-43")).toEqual(expected);
    expect(await ids("+55 11 98765-4301")).toEqual(expected);
    expect(await ids(formatted?.job.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids(formatted?.intent.id.slice(0, 8) ?? "")).toEqual(expected);
    expect(await ids("3333-00")).toHaveLength(1);
    expect(
      (await current().repos.jobs.list({ organizationId: "another-org", limit: 10, search: "98765" })).items,
    ).toEqual([]);
  });
});
