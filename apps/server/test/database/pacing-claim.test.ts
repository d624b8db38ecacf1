import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { ClaimedJob, ClaimRequest } from "../../src/application/ports/job-queue";
import type { Instance } from "../../src/domain/instance/instance";
import type { InstancePacing } from "../../src/domain/instance/instance-pacing";
import { fenceOfClaim } from "../../src/domain/job/job-fence";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import { aJobFor, anApprovedIntent, anInstance, sentEvent } from "../support/fixtures";
import { describeOnEachSqlDatabase } from "../support/on-each-sql-database";

const PACING: InstancePacing = {
  minIntervalMs: 0,
  jitterMs: 0,
  maxPerMinute: null,
  maxPerHour: null,
  maxPerDay: null,
  typing: false,
};

describeOnEachSqlDatabase("the claim's pacing, warm-up and window rules", (current) => {
  const queue = () => new PostgresJobQueue(current().db);
  const request = (perInstanceLimit: number, workerId = "w"): ClaimRequest => ({
    workerId,
    limit: 10,
    leaseMs: 30_000,
    perInstanceLimit,
  });

  async function givenInstanceWithJobs(overrides: Partial<Instance>, jobs: number): Promise<Instance> {
    const instance = anInstance(overrides);
    await current().repos.instances.insert(instance);
    for (let i = 0; i < jobs; i++) {
      const intent = anApprovedIntent(instance);
      await current().repos.intents.insert(intent);
      const { job, event } = aJobFor(intent, instance);
      await current().repos.jobs.createIfNotExists(job, event);
    }
    return instance;
  }

  /** `count` sends recorded `ago` (a PostgreSQL interval) before now. */
  async function givenSends(instance: Instance, count: number, ago: string) {
    await current().db.execute(
      sql`insert into instance_send (instance_id, sent_at) select ${instance.id}::uuid, now() - ${ago}::interval from generate_series(1, ${count})`,
    );
  }

  const nextSendAt = async (instance: Instance) =>
    (
      await queryRows<{ at: string }>(
        current().db,
        sql`select next_send_at::text as at from instance where id = ${instance.id}::uuid`,
      )
    )[0]?.at;

  /** As the worker does: marks the claim dispatched, then records its SENT answer, `answeredMsAgo` before the write. */
  async function sendAndAnswer(claimed: ClaimedJob, answeredMsAgo?: number) {
    const fence = fenceOfClaim(claimed.job);
    await queue().complete({ dispatches: [fence], outcomes: [] });
    await queue().complete({
      dispatches: [],
      outcomes: [{ status: "SENT", fence, event: sentEvent(claimed.job, fence, "3EB0", new Date()) }],
      ...(answeredMsAgo === undefined ? {} : { answeredMsAgo: [answeredMsAgo] }),
    });
    return fence;
  }

  for (const perInstanceLimit of [0, 1, 5]) {
    it(`a paced number has one send in flight; the next waits for its answer plus the gap (per-instance limit ${perInstanceLimit})`, async () => {
      const instance = await givenInstanceWithJobs({ pacing: { ...PACING, minIntervalMs: 60_000 } }, 3);
      const [claimed, ...more] = await queue().claim(request(perInstanceLimit));
      expect(more).toEqual([]);
      if (!claimed) throw new Error("nothing claimed");
      expect(await nextSendAt(instance)).toBe("infinity");
      expect(await queue().claim(request(perInstanceLimit))).toEqual([]);

      await sendAndAnswer(claimed);
      // The answer set the next send a minute on, and recorded the send.
      const [state] = await queryRows<{ wait: number; sends: number }>(
        current().db,
        sql`select extract(epoch from next_send_at - now())::float as wait,
                   (select count(*)::int from instance_send where instance_id = ${instance.id}::uuid) as sends
            from instance where id = ${instance.id}::uuid`,
      );
      expect(state?.wait).toBeGreaterThan(55);
      expect(state?.sends).toBe(1);
      expect(await queue().claim(request(perInstanceLimit))).toEqual([]);

      await current().db.execute(
        sql`update instance set next_send_at = now() - interval '1 ms' where id = ${instance.id}::uuid`,
      );
      expect(await queue().claim(request(perInstanceLimit))).toHaveLength(1);
    });
  }

  for (const perInstanceLimit of [0, 1]) {
    it(`the gap counts from the answer as the worker received it, not from the outcome's write (per-instance limit ${perInstanceLimit})`, async () => {
      const instance = await givenInstanceWithJobs({ pacing: { ...PACING, minIntervalMs: 40_000 } }, 2);
      const [claimed] = await queue().claim(request(perInstanceLimit));
      if (!claimed) throw new Error("nothing claimed");
      await sendAndAnswer(claimed, 30_000);
      const waitSeconds = async () =>
        (
          await queryRows<{ wait: number }>(
            current().db,
            sql`select extract(epoch from next_send_at - now())::float as wait from instance where id = ${instance.id}::uuid`,
          )
        )[0]?.wait ?? Number.NaN;
      // Answered 30 s before the write: the next send is due 10 s after the write, not 40.
      expect(await waitSeconds()).toBeGreaterThan(8);
      expect(await waitSeconds()).toBeLessThan(10.5);
      expect(await queue().claim(request(perInstanceLimit))).toEqual([]);
    });
  }

  for (const perInstanceLimit of [0, 1]) {
    it(`the worker whose answer started the gap claims the next job up to a second early, told how long to wait; others only once it is over (per-instance limit ${perInstanceLimit})`, async () => {
      const instance = await givenInstanceWithJobs({ pacing: { ...PACING, minIntervalMs: 800 } }, 3);
      const [claimed] = await queue().claim(request(perInstanceLimit));
      if (!claimed) throw new Error("nothing claimed");
      expect(claimed).toMatchObject({ sendInMs: 0, pacedBy: null });
      const fence = await sendAndAnswer(claimed);
      expect(await queue().claim(request(perInstanceLimit, "other"))).toEqual([]);

      const [early] = await queue().claim(request(perInstanceLimit));
      expect(early?.pacedBy).toBe(fence.lockedBy);
      expect(early?.sendInMs).toBeGreaterThan(0);
      expect(early?.sendInMs).toBeLessThanOrEqual(801);
      if (!early) throw new Error("nothing claimed early");

      // Its answer came 5 s before the write: the gap is over, and any worker may claim, at once.
      const next = await sendAndAnswer(early, 5_000);
      const [late] = await queue().claim(request(perInstanceLimit, "other"));
      expect(late).toMatchObject({ sendInMs: 0, pacedBy: next.lockedBy });
      expect(await nextSendAt(instance)).toBe("infinity");
    });
  }

  it("a gap longer than the lookahead is not claimed early, even by the worker whose answer started it", async () => {
    await givenInstanceWithJobs({ pacing: { ...PACING, minIntervalMs: 5_000 } }, 2);
    const [claimed] = await queue().claim(request(0));
    if (!claimed) throw new Error("nothing claimed");
    await sendAndAnswer(claimed);
    expect(await queue().claim(request(0))).toEqual([]);
  });

  it("draws the gap from [minIntervalMs, minIntervalMs + jitterMs] onto the claimed job", async () => {
    await givenInstanceWithJobs(
      { pacing: { ...PACING, minIntervalMs: 1_000, jitterMs: 500, typing: true } },
      1,
    );
    const [claimed] = await queue().claim(request(0));
    // The sender shows "typing…" first when the number says so.
    expect(claimed?.instanceTyping).toBe(true);
    const [row] = await queryRows<{ gap: number }>(
      current().db,
      sql`select pace_gap_ms as gap from message_execution_job`,
    );
    expect(row?.gap).toBeGreaterThanOrEqual(1_000);
    expect(row?.gap).toBeLessThanOrEqual(1_500);
  });

  it("an unpaced job carries no gap and leaves no send record", async () => {
    await givenInstanceWithJobs({}, 2);
    const claimed = await queue().claim(request(0));
    expect(claimed.map((c) => c.instanceTyping)).toEqual([false, false]);
    const rows = await queryRows<{ gap: number | null }>(
      current().db,
      sql`select pace_gap_ms as gap from message_execution_job`,
    );
    expect(rows.map((r) => r.gap)).toEqual([null, null]);
  });

  for (const [cap, window] of [
    ["maxPerMinute", "30 seconds"],
    ["maxPerHour", "30 minutes"],
    ["maxPerDay", "12 hours"],
  ] as const) {
    it(`waits while the rolling window of ${cap} is full, and sends once the oldest has left it`, async () => {
      const full = await givenInstanceWithJobs({ pacing: { ...PACING, [cap]: 3 } }, 1);
      await givenSends(full, 3, window);
      expect(await queue().claim(request(0))).toEqual([]);
      expect(await queue().claim(request(1))).toEqual([]);
      const room = await givenInstanceWithJobs({ pacing: { ...PACING, [cap]: 3 } }, 1);
      await givenSends(room, 2, window);
      await givenSends(room, 5, "25 hours");
      expect((await queue().claim(request(0))).map((c) => c.job.instanceId)).toEqual([room.id]);
    });
  }

  it("warm-up: today's cap is startPerDay grown by growthPercentPerDay per day since registration", async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000 - 60_000);
    const warmup = { startPerDay: 20, growthPercentPerDay: 20 };
    // 20 × 1.2³ = 34.56: 34 today.
    const full = await givenInstanceWithJobs({ warmup, createdAt: threeDaysAgo }, 1);
    await givenSends(full, 34, "50 minutes");
    const room = await givenInstanceWithJobs({ warmup, createdAt: threeDaysAgo }, 1);
    await givenSends(room, 33, "50 minutes");
    const capped = await givenInstanceWithJobs(
      { warmup, createdAt: threeDaysAgo, pacing: { ...PACING, maxPerDay: 10 } },
      1,
    );
    await givenSends(capped, 10, "50 minutes");
    const sends = await current().repos.instances.recentSends([full.id, capped.id]);
    expect(sends.get(full.id)).toEqual({ lastMinute: 0, lastHour: 34, lastDay: 34, dayCap: 34 });
    expect(sends.get(capped.id)?.dayCap).toBe(10);
    expect((await queue().claim(request(0))).map((c) => c.job.instanceId)).toEqual([room.id]);
  });

  it("a sending window: claimable inside it, not outside (the day or the hours), on PostgreSQL's clock in its zone", async () => {
    const [local] = await queryRows<{ dow: number; hour: number }>(
      current().db,
      sql`select extract(isodow from now() at time zone 'Asia/Tokyo')::int as dow,
                 extract(hour from now() at time zone 'Asia/Tokyo')::int as hour`,
    );
    const { dow = 0, hour = 0 } = local ?? {};
    const pad = (h: number) => `${String(h).padStart(2, "0")}:00`;
    const window = { timeZone: "Asia/Tokyo", days: [dow], start: "00:00", end: "24:00" };
    const open = await givenInstanceWithJobs({ sendingWindow: window }, 2);
    await givenInstanceWithJobs(
      { sendingWindow: { ...window, days: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== dow) } },
      1,
    );
    // Today, but hours that exclude Tokyo's current hour.
    const laterHours = hour < 23 ? { start: pad(hour + 1), end: "24:00" } : { start: "00:00", end: pad(23) };
    await givenInstanceWithJobs({ sendingWindow: { ...window, ...laterHours } }, 1);
    // A window alone paces nothing: both of the open number's jobs go in one claim, nothing else.
    const claimed = await queue().claim(request(0));
    expect(claimed.map((c) => c.job.instanceId)).toEqual([open.id, open.id]);
  });
});
