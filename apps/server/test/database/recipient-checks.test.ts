import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { ORG } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

const PHONE = "5511999998001";
const DAY_SECONDS = 86_400;

describeOnEachSqlDatabase("recipient checks", (current) => {
  const checks = () => current().repos.recipientChecks;

  /** Dates the number's answer `days` back, as if the gateway had said it then. */
  async function age(phone: string, days: number): Promise<void> {
    await current().db.execute(
      sql`update recipient_check set checked_at = now() - ${days} * interval '1 day' where phone = ${phone}`,
    );
  }

  it("finds nothing for a number never checked", async () => {
    expect(await checks().findFresh(ORG, PHONE, 30 * DAY_SECONDS)).toBeNull();
  });

  it("finds a recorded answer while it is younger than the age, and not after", async () => {
    const recorded = await checks().record(ORG, PHONE, false);
    expect(await checks().findFresh(ORG, PHONE, 30 * DAY_SECONDS)).toEqual(recorded);
    await age(PHONE, 31);
    expect(await checks().findFresh(ORG, PHONE, 30 * DAY_SECONDS)).toBeNull();
    // No age: an answer is kept for good.
    expect(await checks().findFresh(ORG, PHONE, null)).toMatchObject({ onWhatsApp: false });
  });

  it("keeps one answer per organization and number, the latest", async () => {
    await checks().record(ORG, PHONE, false);
    await age(PHONE, 40);
    await checks().record(ORG, PHONE, true);
    expect(await checks().findFresh(ORG, PHONE, DAY_SECONDS)).toMatchObject({ onWhatsApp: true });
    expect(await checks().findFresh("another-org", PHONE, null)).toBeNull();
  });
});
