import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveText } from "../support/approve-many";
import { eventually, type Harness, startHarness } from "../support/executor-harness";

// Quiet hours, on the database's clock and time zones: a window built from the current São Paulo
// time closes a few seconds into the test; nothing is sent while it is closed; a window starting
// at a later minute opens it again and the rest go then, paced.

const ZONE = "America/Sao_Paulo";
const MESSAGES = 60;
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

/** "HH:MM" of `date` in the window's zone. */
function localTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

const nextMinute = (date: Date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000 + 60_000);

function setWindow(start: string, end: string) {
  return h.executor.http.updateInstanceSettings.execute({
    organizationId: "default",
    instanceId,
    pacing: {
      minIntervalMs: 300,
      jitterMs: 0,
      maxPerMinute: null,
      maxPerHour: null,
      maxPerDay: null,
      typing: false,
    },
    sendingWindow: { timeZone: ZONE, days: [1, 2, 3, 4, 5, 6, 7], start, end },
  });
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
    // Open 4 to 10 s before a minute ends: the window closes then.
    while (new Date().getUTCSeconds() < 50 || new Date().getUTCSeconds() >= 56) await sleep(200);
    const closesAt = nextMinute(new Date());
    await setWindow("00:00", localTime(closesAt) === "00:00" ? "24:00" : localTime(closesAt));
    await pause(false);
    h.executor.worker.wake();

    await sleep(closesAt.getTime() - Date.now() + 2_000);
    const opensAt = nextMinute(new Date(Date.now() + 5_000));
    await setWindow(localTime(opensAt), "24:00");
    await eventually(async () => (h.sim.sends.length === MESSAGES ? true : undefined), 120_000);

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
  }, 240_000);
});
