export interface CoalescerTiming {
  /** Wait this long after the first event, so that a burst is one refresh. */
  quietMs: number;
  /** Never refresh more often than this while events keep coming. */
  minIntervalMs: number;
}

export const DEFAULT_TIMING: CoalescerTiming = { quietMs: 250, minIntervalMs: 2_000 };

/**
 * Turns a stream of "something changed" into few refreshes: one shortly after a quiet event, at
 * most one per `minIntervalMs` during a drain, never two at once, and one more after the last event
 * so the screen ends up current. Returns the function to call per event and one that stops it.
 */
export function coalesceRefreshes(
  refresh: () => Promise<unknown>,
  timing: CoalescerTiming = DEFAULT_TIMING,
): { changed(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let dirty = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  const schedule = () => {
    const wait = Math.max(timing.quietMs, lastStart + timing.minIntervalMs - Date.now());
    timer = setTimeout(run, wait);
  };
  const run = () => {
    timer = null;
    dirty = false;
    running = true;
    lastStart = Date.now();
    void refresh()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (dirty && timer === null) schedule();
      });
  };
  return {
    changed() {
      dirty = true;
      if (timer === null && !running) schedule();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      dirty = false;
    },
  };
}
