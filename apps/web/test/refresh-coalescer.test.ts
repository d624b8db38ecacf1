import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesceRefreshes } from "../src/api/refresh-coalescer";

let refreshes: number;
let finishRefresh: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  refreshes = 0;
});
afterEach(() => vi.useRealTimers());

function slowRefresh(): Promise<void> {
  refreshes += 1;
  return new Promise((resolve) => {
    finishRefresh = resolve;
  });
}

const instantRefresh = async () => {
  refreshes += 1;
};

describe("coalescing refreshes", () => {
  it("refreshes once shortly after a single event", async () => {
    const coalescer = coalesceRefreshes(instantRefresh, { quietMs: 250, minIntervalMs: 2_000 });
    coalescer.changed();
    await vi.advanceTimersByTimeAsync(249);
    expect(refreshes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshes).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refreshes).toBe(1);
  });

  it("refreshes at most once per interval during a drain of 1,000 events, and once after the last", async () => {
    const coalescer = coalesceRefreshes(instantRefresh, { quietMs: 250, minIntervalMs: 2_000 });
    // 1,000 events, one every 10 ms: ten seconds of drain.
    for (let i = 0; i < 1_000; i++) {
      coalescer.changed();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(refreshes).toBeLessThanOrEqual(6);
    expect(refreshes).toBeGreaterThanOrEqual(4);
    const during = refreshes;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refreshes).toBe(during + 1);
  });

  it("never runs two refreshes at once, and refreshes again for events that came during one", async () => {
    const coalescer = coalesceRefreshes(slowRefresh, { quietMs: 250, minIntervalMs: 2_000 });
    coalescer.changed();
    await vi.advanceTimersByTimeAsync(250);
    expect(refreshes).toBe(1);
    coalescer.changed();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refreshes).toBe(1);
    finishRefresh();
    await vi.advanceTimersByTimeAsync(250);
    expect(refreshes).toBe(2);
  });

  it("does nothing after stop", async () => {
    const coalescer = coalesceRefreshes(instantRefresh);
    coalescer.changed();
    coalescer.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refreshes).toBe(0);
  });
});
