export interface RetryPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Source of randomness in [0, 1): injectable so tests can pin the jitter. */
  random?: () => number;
}

export type RetryDecision = { retry: true; delayMs: number; nextAttemptAt: Date } | { retry: false };

/**
 * Exponential backoff with "equal jitter", nothing hidden:
 *
 *   ceiling(n) = min(maxDelayMs, baseDelayMs × 2^(n−1))      n = the attempt that just failed (1, 2, …)
 *   delay(n)   = ceiling(n) / 2 + random() × ceiling(n) / 2   so delay ∈ [ceiling/2, ceiling)
 *
 * A job retries while `attempt < maxAttempts`; the attempt numbered `maxAttempts` is its last.
 * Half of the delay is fixed so retries never bunch at zero; the random half spreads a burst of
 * failures (an instance that went down with many jobs in flight) over time.
 */
export class RetryPolicy {
  private readonly random: () => number;

  constructor(private readonly options: RetryPolicyOptions) {
    this.random = options.random ?? Math.random;
  }

  decide(attempt: number, maxAttempts: number, now: Date): RetryDecision {
    if (attempt >= maxAttempts) return { retry: false };
    const delayMs = this.delayMs(attempt);
    return { retry: true, delayMs, nextAttemptAt: new Date(now.getTime() + delayMs) };
  }

  delayMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }
}
