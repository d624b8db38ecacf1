import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

/**
 * Resolves once `performance.now()` has reached `at`. A timer counts from the event loop's cached
 * millisecond time, so it fires up to a millisecond or so off (0.8 ms late at p50 on an idle
 * loop, and early by whatever ran since the loop last looked): it sleeps until a millisecond
 * before, then yields turn by turn (I/O still runs) for the rest, 0.004 ms late at p50. For a
 * number paced 100 ms apart that millisecond is 1 % of its rate.
 */
export async function sleepUntil(at: number): Promise<void> {
  for (let left = at - performance.now(); left > 1; left = at - performance.now())
    await sleep(Math.floor(left - 1));
  while (performance.now() < at) await nextTurn();
}
