import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SendingWindow } from "../../src/domain/instance/instance-pacing";
import { inSendingWindow } from "../../src/infra/database/sql/pacing-rules.sql";
import { arrayParam } from "../../src/infra/database/sql/params";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { anInstance } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const NINE_TO_SIX = { days: EVERY_DAY, start: "09:00", end: "18:00" };

/** [UTC instant, open?]: each pair straddles the window's local opening or closing minute. */
type Case = readonly [string, boolean];

const CASES: readonly { window: SendingWindow; why: string; cases: readonly Case[] }[] = [
  {
    window: { timeZone: "America/New_York", ...NINE_TO_SIX },
    why: "New York springs forward on Sunday 2026-03-08 (UTC-5 → UTC-4) and falls back on Sunday 2026-11-01",
    cases: [
      // Saturday before the change: 09:00 EST is 14:00 UTC.
      ["2026-03-07T13:59:00Z", false],
      ["2026-03-07T14:00:00Z", true],
      ["2026-03-07T22:59:00Z", true],
      ["2026-03-07T23:00:00Z", false],
      // The day of the change and the day after: 09:00 EDT is 13:00 UTC, 18:00 EDT is 22:00 UTC.
      ["2026-03-08T12:59:00Z", false],
      ["2026-03-08T13:00:00Z", true],
      ["2026-03-08T21:59:00Z", true],
      ["2026-03-08T22:00:00Z", false],
      ["2026-03-09T12:59:00Z", false],
      ["2026-03-09T13:00:00Z", true],
      // Saturday before falling back: still EDT.
      ["2026-10-31T12:59:00Z", false],
      ["2026-10-31T13:00:00Z", true],
      // The day it falls back (01:00–02:00 happens twice) and the day after: 09:00 EST is 14:00 UTC.
      ["2026-11-01T13:59:00Z", false],
      ["2026-11-01T14:00:00Z", true],
      ["2026-11-01T22:59:00Z", true],
      ["2026-11-01T23:00:00Z", false],
      ["2026-11-02T13:59:00Z", false],
      ["2026-11-02T14:00:00Z", true],
    ],
  },
  {
    window: { timeZone: "Europe/Lisbon", ...NINE_TO_SIX },
    why: "Lisbon springs forward on Sunday 2026-03-29 (UTC+0 → UTC+1) and falls back on Sunday 2026-10-25",
    cases: [
      ["2026-03-28T08:59:00Z", false],
      ["2026-03-28T09:00:00Z", true],
      ["2026-03-29T07:59:00Z", false],
      ["2026-03-29T08:00:00Z", true],
      ["2026-03-29T16:59:00Z", true],
      ["2026-03-29T17:00:00Z", false],
      ["2026-10-24T07:59:00Z", false],
      ["2026-10-24T08:00:00Z", true],
      ["2026-10-25T08:59:00Z", false],
      ["2026-10-25T09:00:00Z", true],
      ["2026-10-25T17:59:00Z", true],
      ["2026-10-25T18:00:00Z", false],
    ],
  },
  {
    window: { timeZone: "America/New_York", days: [7], start: "00:00", end: "24:00" },
    why: "the local weekday moves with the offset: Sunday 2026-03-08 ends at 04:00 UTC Monday (EDT), Sunday 2026-11-01 at 05:00 UTC Monday (EST)",
    cases: [
      ["2026-03-08T04:59:00Z", false],
      ["2026-03-08T05:00:00Z", true],
      ["2026-03-09T03:59:00Z", true],
      ["2026-03-09T04:00:00Z", false],
      ["2026-11-01T03:59:00Z", false],
      ["2026-11-01T04:00:00Z", true],
      ["2026-11-02T04:59:00Z", true],
      ["2026-11-02T05:00:00Z", false],
    ],
  },
];

describeOnEachSqlDatabase("sending windows across daylight-saving changes", (current) => {
  for (const { window, why, cases } of CASES) {
    it(`opens and closes at the local times on both sides of the change: ${why}`, async () => {
      const instance = anInstance({ sendingWindow: window });
      await current().repos.instances.insert(instance);
      const instants = cases.map(([at]) => at);
      // The claim's own rule, asked at chosen instants instead of now().
      const rows = await queryRows<{ at: string; open: boolean }>(
        current().db,
        sql`select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at,
                   ${inSendingWindow(sql`instance`, sql`at`)} as open
            from instance cross join unnest(${arrayParam(instants, "timestamptz")}) as at
            where instance.id = ${instance.id}::uuid`,
      );
      expect(rows.map((row) => [row.at, row.open])).toEqual(cases);
    });
  }
});
