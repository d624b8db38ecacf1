import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveText } from "../support/approve-many";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// Quiet hours, on the database's clock and time zones: a window built from the current São Paulo
// time closes 5 to 6 s after the sends start; nothing is sent while it is closed; a window starting
// at least 12 s after the close (seconds in "HH:MM:SS") opens it again and the rest go then, paced.

const ZONE = "America/Sao_Paulo";
// At most 20 fit in the first window (6 s at one send per 300 ms): the rest wait for the second.
const MESSAGES = 30;
const DAY_S = 86_400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let h: Harness;
let instanceId: string;

beforeAll(async () => {
  h = await startHarness({ database: "postgres", settings: { WORKER_POLL_INTERVAL_MS: 20 } });
  instanceId = (
    await h.executor.http.registerInstance.execute({ organizationId: "default", name: "quiet-1" })
  ).id;
});
afterAll(() => h.close());

/** "HH:MM:SS" of `date` in the window's zone. */
function localTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

const secondsOfDay = (date: Date) => {
  const [hours = 0, minutes = 0, seconds = 0] = localTime(date).split(":").map(Number);
  return hours * 3600 + minutes * 60 + seconds;
};

/** The first whole second at least `ms` from now. */
const wholeSecondIn = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1_000) * 1_000);

async function setWindow(start: string, end: string): Promise<void> {
  const res = await h.request({
    method: "PATCH",
    url: `/v1/instances/${instanceId}`,
    payload: {
      pacing: { minIntervalMs: 300, jitterMs: 0 },
      sendingWindow: { timeZone: ZONE, days: [1, 2, 3, 4, 5, 6, 7], start, end },
    },
  });
  expect(res.statusCode).toBe(200);
}

describe("quiet hours", () => {
  it("sends nothing while the window is closed and everything once it opens", async () => {
    // The backlog waits paused while it is approved, however long that takes on a loaded machine.
    const pause = (paused: boolean) =>
      h.executor.http.pauseInstance.execute({
        organizationId: "default",
        instanceId,
        paused,
        actor: "test",
        reason: "",
      });
    await pause(true);
    for (let i = 0; i < MESSAGES; i++)
      await approveText(h, instanceId, `55119666600${String(i).padStart(2, "0")}`);
    h.executor.worker.start();
    // Both windows lie within one local day: a test starting in its last minute waits for the next.
    const leftToday = DAY_S - secondsOfDay(new Date());
    if (leftToday < 60) await sleep((leftToday + 1) * 1_000);
    const closesAt = wholeSecondIn(5_000);
    await setWindow("00:00", localTime(closesAt));
    await pause(false);
    h.executor.worker.wake();

    await sleep(closesAt.getTime() - Date.now() + 2_000);
    const opensAt = wholeSecondIn(10_000);
    await setWindow(localTime(opensAt), "24:00");
    await eventually(async () => (h.sim.sends.length === MESSAGES ? true : undefined), 60_000);

    const times = h.sim.sends.map((send) => send.acceptedAt.getTime());
    // A send claimed just before the close may reach the gateway a moment after it.
    const beforeClose = times.filter((t) => t < closesAt.getTime() + 500);
    const whileClosed = times.filter((t) => t >= closesAt.getTime() + 500 && t < opensAt.getTime());
    expect(beforeClose.length).toBeGreaterThan(0);
    expect(beforeClose.length).toBeLessThan(MESSAGES);
    expect(whileClosed).toEqual([]);
    expect(times.filter((t) => t >= opensAt.getTime())).toHaveLength(MESSAGES - beforeClose.length);
    // Paced after it opens too.
    const after = times.filter((t) => t >= opensAt.getTime()).sort((a, b) => a - b);
    for (const [i, t] of after.slice(1).entries()) expect(t - (after[i] ?? 0)).toBeGreaterThanOrEqual(300);
  }, 120_000);
});
