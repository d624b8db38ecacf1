export interface RetryPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The budget's age: while a retry would still be due within this long of `since`, it is made
   * even with the attempts spent (null or absent: attempts alone decide).
   */
  maxAgeMs?: number | null;
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
 * A job retries while `attempt < maxAttempts` OR its retry would be due no later than `since +
 * maxAgeMs`: it fails only when both the attempts and the age are spent. A gateway failing for an
 * hour thus costs a young job a retry every few minutes (the ceiling), not its message.
 * Half of the delay is fixed so retries never bunch at zero; the random half spreads a burst of
 * failures (an instance that went down with many jobs in flight) over time.
 */
export class RetryPolicy {
  private readonly random: () => number;

  constructor(private readonly options: RetryPolicyOptions) {
    this.random = options.random ?? Math.random;
  }

  /** `since`: when the job was first due, from which its age counts. */
  decide(attempt: number, maxAttempts: number, now: Date, since?: Date): RetryDecision {
    const delayMs = this.delayMs(attempt);
    const nextAttemptAt = new Date(now.getTime() + delayMs);
    const { maxAgeMs } = this.options;
    const youngEnough =
      maxAgeMs !== undefined && maxAgeMs !== null && since !== undefined
        ? nextAttemptAt.getTime() <= since.getTime() + maxAgeMs
        : false;
    if (attempt >= maxAttempts && !youngEnough) return { retry: false };
    return { retry: true, delayMs, nextAttemptAt };
  }

  delayMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }
}
