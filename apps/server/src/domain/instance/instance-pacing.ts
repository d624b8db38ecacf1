/**
 * How carefully a number sends, set per instance. Enforced by the claim across every worker: the
 * next send waits `minIntervalMs` plus a random share of `jitterMs` after the previous one was
 * answered, and no rolling minute, hour or day holds more sends than its cap (null = no cap).
 */
export interface InstancePacing {
  minIntervalMs: number;
  jitterMs: number;
  maxPerMinute: number | null;
  maxPerHour: number | null;
  maxPerDay: number | null;
  /** Show "typing…" before each send (the presence call is the sender's; stored and returned here). */
  typing: boolean;
}

/**
 * How long before a paced number's gap ends its next job may be claimed. The claimer holds the job
 * and lets its request leave when the gap ends, so the claim, the wake-up and the dispatch mark
 * happen inside the gap instead of after it: W6 (20 numbers, 100 ms apart) measured each send
 * 10.6 ms (p50) after its gap's end with claims at the end, 7.3 ms of it the wake-up and the claim.
 * A job claimed early holds a send slot and its lease meanwhile, hence a bound of a second.
 */
export const PACE_LOOKAHEAD_MS = 1_000;

/** A new number's daily cap: `startPerDay` on the day it was registered, `growthPercentPerDay` more each day after. */
export interface InstanceWarmup {
  startPerDay: number;
  growthPercentPerDay: number;
}

/** Quiet hours: the number sends only on ISO `days` (1 = Monday) between `start` and `end` ("HH:MM" or "HH:MM:SS") in `timeZone`. */
export interface SendingWindow {
  timeZone: string;
  days: number[];
  start: string;
  end: string;
}

/** What a number sent in the rolling minute, hour and day, and today's daily cap with the warm-up applied. */
export interface RecentSends {
  lastMinute: number;
  lastHour: number;
  lastDay: number;
  dayCap: number | null;
}
